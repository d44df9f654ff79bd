//! Malformed JSON-RPC traffic: bad headers, invalid JSON, wrong parameter
//! types, unknown methods and requests before `initialize` get JSON-RPC
//! errors (or are dropped), and the server keeps serving: a valid request
//! sent afterwards is answered.
//!
//! This talks to the server over raw bytes (the shared harness only writes
//! well-formed frames).
//!
//! A frame that cannot be decoded (invalid JSON, an invalid envelope, a bad
//! `Content-Length`, a non-JSON Content-Type) is answered with a JSON-RPC
//! error with a null id by `abide_lsp::transport`, which then finds the next
//! frame: tower-lsp-server 0.23 alone would end the session there.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;

const TIMEOUT: Duration = Duration::from_secs(10);

/// JSON-RPC error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const SERVER_NOT_INITIALIZED: i64 = -32002;

struct Raw {
    writer: DuplexStream,
    inbox: mpsc::UnboundedReceiver<Value>,
    server: tokio::task::JoinHandle<()>,
}

async fn read_frame(r: &mut BufReader<DuplexStream>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).await.ok()?;
    Some(
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| json!({ "unparseable": String::from_utf8_lossy(&body) })),
    )
}

impl Raw {
    fn start() -> Self {
        let (client_w, server_r) = tokio::io::duplex(1 << 16);
        let (server_w, client_r) = tokio::io::duplex(1 << 16);
        let server = tokio::spawn(abide_lsp::serve(server_r, server_w));
        let (tx, inbox) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut r = BufReader::new(client_r);
            while let Some(msg) = read_frame(&mut r).await {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Self {
            writer: client_w,
            inbox,
            server,
        }
    }

    async fn bytes(&mut self, b: &[u8]) {
        tokio::time::timeout(TIMEOUT, async {
            self.writer.write_all(b).await.unwrap();
            self.writer.flush().await.unwrap();
        })
        .await
        .expect("the server reads its input");
    }

    async fn body(&mut self, body: &str) {
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.bytes(frame.as_bytes()).await;
    }

    async fn send(&mut self, msg: &Value) {
        self.body(&msg.to_string()).await;
    }

    /// The response with `id` (other messages are skipped).
    async fn response(&mut self, id: &Value) -> Value {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.inbox.recv())
                .await
                .unwrap_or_else(|_| panic!("no response to id {id} within {TIMEOUT:?}"))
                .unwrap_or_else(|| panic!("the server closed the connection (waiting for {id})"));
            if msg.get("method").is_none() && msg.get("id") == Some(id) {
                return msg;
            }
        }
    }

    async fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        self.response(&json!(id)).await
    }

    async fn initialize(&mut self, id: i64) {
        let r = self
            .request(
                id,
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": {} }),
            )
            .await;
        assert!(r.get("result").is_some(), "initialize succeeds: {r}");
        self.send(&json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }))
            .await;
    }

    /// A valid request is still answered.
    async fn still_serving(&mut self, id: i64) {
        let r = self.request(id, "shutdown", Value::Null).await;
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
    }
}

fn error_code(msg: &Value) -> Option<i64> {
    msg["error"]["code"].as_i64()
}

const HOVER_PARAMS: &str =
    r#"{"textDocument":{"uri":"file:///x.abide"},"position":{"line":0,"character":0}}"#;

#[tokio::test]
async fn requests_before_initialize_are_refused() {
    let mut s = Raw::start();
    let params: Value = serde_json::from_str(HOVER_PARAMS).unwrap();
    let r = s.request(1, "textDocument/hover", params).await;
    assert_eq!(error_code(&r), Some(SERVER_NOT_INITIALIZED), "{r}");
    // A notification before initialize is dropped without an answer.
    s.send(&json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {} }))
        .await;
    s.initialize(2).await;
    s.still_serving(3).await;
}

/// Sends `bytes` after a good session start and returns the first message
/// with a null id (the error answer of an undecodable frame).
async fn undecodable(bytes: &[u8]) -> (Raw, Value) {
    let mut s = Raw::start();
    s.initialize(1).await;
    s.bytes(bytes).await;
    let msg = s.response(&Value::Null).await;
    (s, msg)
}

/// Every undecodable frame gets a JSON-RPC error, and the server goes on
/// serving the frames after it (abide_lsp::transport resynchronises).
#[tokio::test]
async fn undecodable_frames_get_an_error_and_the_session_goes_on() {
    for (bytes, code) in [
        (&b"Content-Length: 1\r\n\r\n{"[..], PARSE_ERROR),
        (b"Content-Length: 15\r\n\r\nnot json at all", PARSE_ERROR),
        (b"Content-Length: 4\r\n\r\n\xf0\x9f\x9a\x80", PARSE_ERROR),
        (b"Content-Length: 2\r\n\r\n[]", INVALID_REQUEST),
        (
            b"Content-Length: 41\r\n\r\n{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"exit\"}  ",
            INVALID_REQUEST,
        ),
        (b"Content-Length: banana\r\n\r\n{}", PARSE_ERROR),
        (
            b"Content-Length: 2\r\nContent-Type: text/html\r\n\r\n{}",
            PARSE_ERROR,
        ),
    ] {
        let (mut s, msg) = undecodable(bytes).await;
        assert_eq!(
            error_code(&msg),
            Some(code),
            "{}: {msg}",
            String::from_utf8_lossy(bytes)
        );
        s.still_serving(2).await;
        // Closing the input ends the session cleanly.
        drop(s.writer);
        tokio::time::timeout(TIMEOUT, s.server)
            .await
            .expect("the server stops when its input ends")
            .expect("the server task does not panic");
    }
}

#[tokio::test]
async fn invalid_json_is_a_parse_error_and_the_server_goes_on() {
    let (mut s, msg) = undecodable(b"Content-Length: 1\r\n\r\n{").await;
    assert_eq!(error_code(&msg), Some(PARSE_ERROR), "{msg}");
    s.still_serving(2).await;
}

#[tokio::test]
async fn a_bad_content_length_is_skipped() {
    let (mut s, _) = undecodable(b"Content-Length: banana\r\n\r\n{}").await;
    s.still_serving(2).await;
}

#[tokio::test]
async fn odd_but_valid_headers_are_accepted() {
    let mut s = Raw::start();
    s.initialize(1).await;
    // An unknown header next to a good Content-Length is ignored.
    s.bytes(
        b"X-Whatever: 1\r\nContent-Length: 52\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nothing/known\"}   ",
    )
    .await;
    let r = s.response(&json!(2)).await;
    assert_eq!(error_code(&r), Some(METHOD_NOT_FOUND), "{r}");
    // A Content-Type with a charset, as some clients send.
    let body = r#"{"jsonrpc":"2.0","id":3,"method":"nothing/known"}"#;
    s.bytes(
        format!(
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await;
    let r = s.response(&json!(3)).await;
    assert_eq!(error_code(&r), Some(METHOD_NOT_FOUND), "{r}");
    // A frame split across many writes, one byte at a time.
    let body = r#"{"jsonrpc":"2.0","id":4,"method":"nothing/known"}"#;
    for b in format!("Content-Length: {}\r\n\r\n{body}", body.len()).bytes() {
        s.bytes(&[b]).await;
    }
    let r = s.response(&json!(4)).await;
    assert_eq!(error_code(&r), Some(METHOD_NOT_FOUND), "{r}");
    s.still_serving(5).await;
}

#[tokio::test]
async fn wrong_parameter_types_are_invalid_params() {
    let mut s = Raw::start();
    s.initialize(1).await;
    for (id, method, params) in [
        (2, "textDocument/hover", json!({ "textDocument": 5 })),
        (3, "textDocument/hover", json!("a string")),
        (
            4,
            "textDocument/definition",
            json!({ "textDocument": { "uri": "file:///x.abide" }, "position": { "line": -1, "character": "x" } }),
        ),
        (5, "textDocument/completion", json!([1, 2, 3])),
        (6, "textDocument/formatting", json!({})),
    ] {
        let r = s.request(id, method, params).await;
        assert_eq!(error_code(&r), Some(INVALID_PARAMS), "{method}: {r}");
    }
    // A notification with wrong parameters has no answer, and no effect.
    s.send(&json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": { "x": 1 } }))
        .await;
    s.still_serving(7).await;
}

#[tokio::test]
async fn unknown_methods_and_odd_envelopes() {
    let mut s = Raw::start();
    s.initialize(1).await;
    let r = s.request(2, "abide/noSuchThing", json!({})).await;
    assert_eq!(error_code(&r), Some(METHOD_NOT_FOUND), "{r}");
    // Unknown notifications (including `$/` ones) are ignored.
    s.send(&json!({ "jsonrpc": "2.0", "method": "$/unknownNotification", "params": {} }))
        .await;
    s.send(&json!({ "jsonrpc": "2.0", "method": "abide/unknown" }))
        .await;
    // A response to a request the server never sent.
    s.send(&json!({ "jsonrpc": "2.0", "id": 999, "result": null }))
        .await;
    // A string id works like a number.
    s.send(&json!({ "jsonrpc": "2.0", "id": "four", "method": "abide/nothing" }))
        .await;
    let r = s.response(&json!("four")).await;
    assert_eq!(error_code(&r), Some(METHOD_NOT_FOUND), "{r}");
    // A second initialize is refused.
    let r = s
        .request(5, "initialize", json!({ "capabilities": {} }))
        .await;
    assert!(
        matches!(error_code(&r), Some(INVALID_REQUEST)),
        "a second initialize: {r}"
    );
    s.still_serving(6).await;
    // After shutdown, requests are refused but exit still ends the server.
    let r = s
        .request(
            7,
            "textDocument/hover",
            serde_json::from_str(HOVER_PARAMS).unwrap(),
        )
        .await;
    assert_eq!(error_code(&r), Some(INVALID_REQUEST), "{r}");
    s.send(&json!({ "jsonrpc": "2.0", "method": "exit" })).await;
    tokio::time::timeout(TIMEOUT, s.server)
        .await
        .expect("the server stops after exit")
        .expect("the server task does not panic");
}

#[tokio::test]
async fn garbage_between_frames_is_skipped_to_the_next_content_length() {
    let mut s = Raw::start();
    s.initialize(1).await;
    // Headers without a length, stray bytes, then a good request: all in one write.
    let body = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;
    s.bytes(
        format!(
            "X-Junk: yes\r\n\r\nrandom bytes{{}}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await;
    let err = s.response(&Value::Null).await;
    assert_eq!(error_code(&err), Some(PARSE_ERROR), "{err}");
    let r = s.response(&json!(7)).await;
    assert_eq!(r["result"], Value::Null, "{r}");
}
