DROP TABLE login_throttle;
CREATE TABLE login_throttle (
    login TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    last_failure TIMESTAMP NOT NULL
);
DROP INDEX sessions_user;
DROP TABLE sessions;
