//! The real `leadbook` binary serving on its own port, for the tests that need a process
//! (kill -9 and restart, a backup taken from outside while clients write).

use std::process::Child;

/// A running `leadbook serve`; killed (SIGKILL) and reaped when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A TCP port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
