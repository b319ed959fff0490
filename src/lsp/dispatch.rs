//! A small typed dispatcher (after texlab's `server/dispatch.rs`): routes a request or
//! notification to the handler for its method, answers bad params with `InvalidParams` and
//! unknown requests with `MethodNotFound`.

use lsp_server::{
    ErrorCode, ExtractError, Notification, Request, RequestId, Response, ResponseError,
};
use lsp_types::Uri;
use lsp_types::notification::Notification as LspNotification;
use lsp_types::request::Request as LspRequest;

use super::server::log;

/// What a request handler decided.
pub enum Reply<T> {
    /// The answer (or an error) is ready.
    Done(Result<T, ResponseError>),
    /// The answer needs the findings of this document's current text; ask again once they are in.
    WaitFor(Uri),
    /// A worker will answer.
    Handed,
}

/// An error answer with `code`.
pub fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.into(),
        data: None,
    }
}

/// What the dispatcher needs from the server.
pub trait Host {
    /// Sends a response to the client.
    fn respond(&mut self, response: Response);
    /// Keeps `request` until the findings for `uri` are current, then dispatches it again.
    fn park(&mut self, uri: Uri, request: Request);
}

/// Routes one request; finish with [`RequestDispatcher::finish`].
pub struct RequestDispatcher<'a, H> {
    host: &'a mut H,
    request: Option<Request>,
}

impl<'a, H: Host> RequestDispatcher<'a, H> {
    pub fn new(host: &'a mut H, request: Request) -> Self {
        RequestDispatcher {
            host,
            request: Some(request),
        }
    }

    /// Calls `handler` if the request is an `R`.
    pub fn on<R: LspRequest>(
        mut self,
        handler: fn(&mut H, RequestId, R::Params) -> Reply<R::Result>,
    ) -> Self {
        let Some(request) = self.request.take() else {
            return self;
        };
        if request.method != R::METHOD {
            self.request = Some(request);
            return self;
        }
        let id = request.id.clone();
        let kept = request.clone();
        match request.extract::<R::Params>(R::METHOD) {
            Ok((id, params)) => match handler(self.host, id.clone(), params) {
                Reply::Done(Ok(result)) => self.host.respond(Response::new_ok(id, result)),
                Reply::Done(Err(err)) => {
                    log(format_args!("{} failed: {}", R::METHOD, err.message));
                    self.host.respond(Response {
                        id,
                        response_result: Err(err),
                    });
                }
                Reply::WaitFor(uri) => self.host.park(uri, kept),
                Reply::Handed => {}
            },
            Err(ExtractError::JsonError { method, error: e }) => {
                let err = error(
                    ErrorCode::InvalidParams,
                    format!("invalid params for {method}: {e}"),
                );
                self.host.respond(Response {
                    id,
                    response_result: Err(err),
                });
            }
            Err(ExtractError::MethodMismatch(_)) => unreachable!("method compared above"),
        }
        self
    }

    /// Answers a request no handler took with `MethodNotFound`.
    pub fn finish(self) {
        if let Some(request) = self.request {
            let err = error(
                ErrorCode::MethodNotFound,
                format!("unknown request {}", request.method),
            );
            self.host.respond(Response {
                id: request.id,
                response_result: Err(err),
            });
        }
    }
}

/// Routes one notification; finish with [`NotificationDispatcher::finish`].
pub struct NotificationDispatcher<'a, H> {
    host: &'a mut H,
    notification: Option<Notification>,
}

impl<'a, H> NotificationDispatcher<'a, H> {
    pub fn new(host: &'a mut H, notification: Notification) -> Self {
        NotificationDispatcher {
            host,
            notification: Some(notification),
        }
    }

    /// Calls `handler` if the notification is an `N`; bad params are logged (a notification
    /// has no answer to carry an error).
    pub fn on<N: LspNotification>(mut self, handler: fn(&mut H, N::Params)) -> Self {
        let Some(notification) = self.notification.take() else {
            return self;
        };
        match notification.extract::<N::Params>(N::METHOD) {
            Ok(params) => handler(self.host, params),
            Err(ExtractError::JsonError { method, error }) => {
                log(format_args!("ignoring {method}: invalid params: {error}"))
            }
            Err(ExtractError::MethodMismatch(n)) => self.notification = Some(n),
        }
        self
    }

    /// Ignores notifications no handler took (`$/` ones may be ignored by the spec; others too,
    /// as there is nobody to tell).
    pub fn finish(self) {
        if let Some(n) = self.notification.filter(|n| !n.method.starts_with("$/")) {
            log(format_args!("ignoring notification {}", n.method));
        }
    }
}
