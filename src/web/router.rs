//! The one place routes are registered, so the application can list them.
//!
//! A route file writes `r.route("/leads/{id}", web::get().to(handler))` exactly as with
//! actix-web, with `web` being this module: [`get`] and its siblings remember the method that
//! actix's `Route` keeps hidden, and [`Router`] either registers the route on the app or only
//! records it. [`crate::web::route_table`] runs the same route functions in recording mode,
//! which is how the route × role test covers every route, including one added tomorrow.

use actix_web::dev::Handler;
use actix_web::http::Method;
use actix_web::{FromRequest, Responder, web};

/// A method and its actix route, built like `web::get().to(handler)`.
pub struct Route {
    method: Method,
    inner: actix_web::Route,
}

impl Route {
    fn new(method: Method) -> Route {
        Route {
            inner: web::route().method(method.clone()),
            method,
        }
    }

    /// The handler, as `actix_web::Route::to`.
    pub fn to<F, Args>(self, handler: F) -> Route
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        Route {
            method: self.method,
            inner: self.inner.to(handler),
        }
    }
}

/// A GET route.
pub fn get() -> Route {
    Route::new(Method::GET)
}

/// A POST route.
pub fn post() -> Route {
    Route::new(Method::POST)
}

/// A PATCH route.
pub fn patch() -> Route {
    Route::new(Method::PATCH)
}

/// A DELETE route.
pub fn delete() -> Route {
    Route::new(Method::DELETE)
}

/// Registers routes on an actix `ServiceConfig`, or only records them.
pub struct Router<'a> {
    cfg: Option<&'a mut web::ServiceConfig>,
    prefix: &'static str,
    seen: Vec<(Method, String)>,
}

impl<'a> Router<'a> {
    /// Registers on `cfg`, whose paths start with `prefix` (a scope's path, or "").
    pub fn new(cfg: &'a mut web::ServiceConfig, prefix: &'static str) -> Router<'a> {
        Router {
            cfg: Some(cfg),
            prefix,
            seen: Vec::new(),
        }
    }

    /// Registers nothing, only records the routes (for [`crate::web::route_table`]).
    pub fn recording(prefix: &'static str) -> Router<'static> {
        Router {
            cfg: None,
            prefix,
            seen: Vec::new(),
        }
    }

    /// Adds `route` at `path`, as `ServiceConfig::route` does.
    pub fn route(&mut self, path: &str, route: Route) -> &mut Self {
        self.seen
            .push((route.method.clone(), format!("{}{path}", self.prefix)));
        if let Some(cfg) = self.cfg.as_deref_mut() {
            cfg.route(path, route.inner);
        }
        self
    }

    /// The routes added so far: method and full path pattern, in registration order.
    pub fn into_routes(self) -> Vec<(Method, String)> {
        self.seen
    }
}
