-- Leadbook domain model (SQLite). Keep in step with migrations/postgres.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    login TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('salesperson', 'manager', 'admin')),
    language TEXT NOT NULL DEFAULT 'en',
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_login ON users (login);

CREATE TABLE login_throttle (
    login TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    last_failure TIMESTAMP NOT NULL
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    leader_id INTEGER REFERENCES users (id),
    active BOOLEAN NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX teams_name ON teams (name);

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE stages (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    is_won BOOLEAN NOT NULL DEFAULT 0,
    folded BOOLEAN NOT NULL DEFAULT 0,
    probability INTEGER NOT NULL DEFAULT 10 CHECK (probability BETWEEN 0 AND 100),
    team_id INTEGER REFERENCES teams (id)
);

CREATE TABLE lost_reasons (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX lost_reasons_name_key ON lost_reasons (name_key);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    color INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tags_name ON tags (name);

CREATE TABLE partners (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    company_id INTEGER REFERENCES partners (id),
    email TEXT,
    email_norm TEXT,
    phone TEXT,
    phone_e164 TEXT,
    mobile TEXT,
    mobile_e164 TEXT,
    street TEXT,
    street2 TEXT,
    city TEXT,
    zip TEXT,
    state TEXT,
    country TEXT,
    website TEXT,
    salesperson_id INTEGER REFERENCES users (id),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX partners_name_key ON partners (name_key);
CREATE INDEX partners_company ON partners (company_id);
CREATE INDEX partners_email_norm ON partners (email_norm);
CREATE INDEX partners_phone_e164 ON partners (phone_e164);

CREATE TABLE leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('lead', 'opportunity')),
    title TEXT NOT NULL,
    contact_name TEXT,
    contact_name_key TEXT,
    company_name TEXT,
    company_name_key TEXT,
    email TEXT,
    email_norm TEXT,
    phone TEXT,
    phone_e164 TEXT,
    mobile TEXT,
    mobile_e164 TEXT,
    street TEXT,
    street2 TEXT,
    city TEXT,
    zip TEXT,
    state TEXT,
    country TEXT,
    website TEXT,
    description TEXT,
    expected_revenue BIGINT NOT NULL DEFAULT 0 CHECK (expected_revenue >= 0),
    probability INTEGER NOT NULL DEFAULT 10 CHECK (probability BETWEEN 0 AND 100),
    priority INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 3),
    stage_id INTEGER REFERENCES stages (id),
    salesperson_id INTEGER REFERENCES users (id),
    team_id INTEGER REFERENCES teams (id),
    partner_id INTEGER REFERENCES partners (id),
    active BOOLEAN NOT NULL DEFAULT 1,
    lost_reason_id INTEGER REFERENCES lost_reasons (id),
    source_channel TEXT NOT NULL DEFAULT 'manual'
        CHECK (source_channel IN ('manual', 'web', 'email', 'phone', 'telegram', 'whatsapp', 'viber', 'vk', 'avito', 'import', 'api', 'other')),
    external_id TEXT,
    merged_into_id INTEGER REFERENCES leads (id),
    created_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    converted_at TIMESTAMP,
    closed_at TIMESTAMP
);
CREATE INDEX leads_pipeline ON leads (kind, active, stage_id, priority, id);
CREATE INDEX leads_salesperson ON leads (salesperson_id, active);
CREATE INDEX leads_team ON leads (team_id);
CREATE INDEX leads_partner ON leads (partner_id);
CREATE INDEX leads_lost_reason ON leads (lost_reason_id);
CREATE INDEX leads_email_norm ON leads (email_norm);
CREATE INDEX leads_phone_e164 ON leads (phone_e164);
CREATE INDEX leads_mobile_e164 ON leads (mobile_e164);
CREATE INDEX leads_contact_name_key ON leads (contact_name_key);
CREATE INDEX leads_external_id ON leads (external_id);
CREATE INDEX leads_merged_into ON leads (merged_into_id);

CREATE TABLE lead_tags (
    lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (lead_id, tag_id)
);
CREATE INDEX lead_tags_tag ON lead_tags (tag_id);

-- Channel identities ("Messengers"): a lead's or a partner's handles on each channel.
CREATE TABLE identities (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    lead_id INTEGER REFERENCES leads (id) ON DELETE CASCADE,
    partner_id INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    channel TEXT NOT NULL
        CHECK (channel IN ('telegram', 'whatsapp', 'viber', 'vk', 'avito', 'web', 'email', 'phone', 'other')),
    handle TEXT NOT NULL,
    handle_norm TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((lead_id IS NULL) <> (partner_id IS NULL))
);
CREATE INDEX identities_lookup ON identities (channel, handle_norm);
CREATE INDEX identities_lead ON identities (lead_id);
CREATE INDEX identities_partner ON identities (partner_id);

-- Similarity match keys: a few index look-ups find a record's candidates.
CREATE TABLE match_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    lead_id INTEGER REFERENCES leads (id) ON DELETE CASCADE,
    partner_id INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    CHECK ((lead_id IS NULL) <> (partner_id IS NULL))
);
CREATE INDEX match_keys_lookup ON match_keys (kind, key);
CREATE INDEX match_keys_lead ON match_keys (lead_id);
CREATE INDEX match_keys_partner ON match_keys (partner_id);

-- Chatter: messages on a lead or a partner; tracked field changes hang off a message.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    lead_id INTEGER REFERENCES leads (id) ON DELETE CASCADE,
    partner_id INTEGER REFERENCES partners (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id),
    kind TEXT NOT NULL
        CHECK (kind IN ('note', 'log', 'merge', 'conversion', 'lost', 'restore', 'stage', 'intake')),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((lead_id IS NULL) <> (partner_id IS NULL))
);
CREATE INDEX messages_lead ON messages (lead_id, created_at);
CREATE INDEX messages_partner ON messages (partner_id, created_at);

CREATE TABLE message_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX message_changes_message ON message_changes (message_id);

-- Merge journal: a full JSON snapshot of every record as it was before the merge.
CREATE TABLE merges (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    survivor_id INTEGER NOT NULL REFERENCES leads (id),
    merged_ids TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    snapshot TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    undone_at TIMESTAMP,
    undone_by INTEGER REFERENCES users (id)
);
CREATE INDEX merges_survivor ON merges (survivor_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

INSERT INTO lost_reasons (name, name_key, active) VALUES
    ('Too expensive', 'too expensive', 1),
    ('We don''t have people/skills', 'we don''t have people/skills', 1),
    ('Not enough stock', 'not enough stock', 1);
INSERT INTO settings (key, value) VALUES
    ('leads_enabled', 'true'),
    ('default_country', 'IT'),
    ('lost_reason_required', 'false');
