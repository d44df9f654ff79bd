//! A resynchronising JSON-RPC transport in front of tower-lsp-server.
//!
//! tower-lsp-server 0.23 ends the session after one undecodable frame (a bad
//! `Content-Length`, a body that is not JSON, a JSON value that is not a
//! JSON-RPC 2.0 message). An editor that sends one broken message then
//! loses its language server. This layer reads the client's bytes itself,
//! answers every broken frame with a JSON-RPC error (`-32700` parse error,
//! `-32600` invalid request, `id: null` as JSON-RPC 2.0 §5 says), finds
//! the next `Content-Length` header and goes on; only well-formed messages
//! reach the server. Replies of the server and of this layer are written
//! frame by frame, never interleaved.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// JSON-RPC: the body is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC: JSON, but not a JSON-RPC 2.0 message.
pub const INVALID_REQUEST: i64 = -32600;

/// Longest header line read; a longer one is cut and resynchronised.
const MAX_HEADER_LINE: u64 = 8 * 1024;
/// Largest body accepted; a larger one is read, dropped and answered with an error.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// A JSON-RPC error response.
fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// Frames a message.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Whether a JSON value is a JSON-RPC 2.0 request, notification or response.
fn is_message(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    o.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
        && (o.get("method").is_some_and(Value::is_string)
            || (o.contains_key("id") && (o.contains_key("result") || o.contains_key("error"))))
}

/// Reads one header line (without the line end), `None` at the end of input.
async fn header_line<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> Option<String> {
    let mut buf = Vec::new();
    let n = (&mut *r)
        .take(MAX_HEADER_LINE)
        .read_until(b'\n', &mut buf)
        .await
        .ok()?;
    if n == 0 {
        return None;
    }
    Some(String::from_utf8_lossy(&buf).trim_end().to_owned())
}

/// `Name: value` with a token name, as in HTTP.
fn is_header(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// What the headers of one frame said.
enum Headers {
    /// A body of this many bytes follows; `content_type_ok` is false for a
    /// Content-Type that is not JSON.
    Body {
        length: usize,
        content_type_ok: bool,
    },
    /// No usable Content-Length: the body's end is unknown.
    Broken(String),
    /// The input ended.
    End,
}

/// Reads the headers of the next frame. A line that does not start a
/// header but contains `Content-Length:` (the body of a broken frame
/// followed by the next frame) is read from there.
async fn headers<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> Headers {
    let mut length: Option<Result<usize, String>> = None;
    let mut content_type_ok = true;
    let mut started = false;
    loop {
        let Some(mut line) = header_line(r).await else {
            return Headers::End;
        };
        if line.is_empty() {
            if !started {
                continue;
            }
            break;
        }
        if !started {
            // Resynchronise on the next Content-Length, wherever it starts.
            let lower = line.to_ascii_lowercase();
            match lower
                .find("content-length:")
                .or_else(|| lower.find("content-type:"))
            {
                Some(0) => {}
                Some(i) => line = line.get(i..).unwrap_or_default().to_owned(),
                // Another header (`X-Junk: 1`) starts a frame too, so that a
                // frame without a length is reported, not silently skipped.
                None if is_header(&line) => {}
                None => continue,
            }
            started = true;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length `{value}` is not a number of bytes")),
            );
        } else if name.eq_ignore_ascii_case("content-type") {
            let t = value.to_ascii_lowercase();
            content_type_ok = t.contains("jsonrpc") || t.contains("json");
        }
    }
    match length {
        Some(Ok(length)) => Headers::Body {
            length,
            content_type_ok,
        },
        Some(Err(e)) => Headers::Broken(e),
        None => Headers::Broken("a message without a Content-Length header".into()),
    }
}

/// Reads the client's frames, forwards the well-formed ones to the server
/// and reports the others on `errors`.
async fn sanitize<I, W>(input: I, mut to_server: W, errors: mpsc::UnboundedSender<Value>)
where
    I: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::new(input);
    loop {
        let (length, content_type_ok) = match headers(&mut r).await {
            Headers::End => break,
            Headers::Broken(why) => {
                let _ = errors.send(error(Value::Null, PARSE_ERROR, &why));
                continue;
            }
            Headers::Body {
                length,
                content_type_ok,
            } => (length, content_type_ok),
        };
        if length > MAX_BODY {
            let mut rest = (&mut r).take(length as u64);
            if tokio::io::copy(&mut rest, &mut tokio::io::sink())
                .await
                .is_err()
            {
                break;
            }
            let _ = errors.send(error(
                Value::Null,
                PARSE_ERROR,
                &format!(
                    "a message of {length} bytes is larger than the {MAX_BODY} bytes accepted"
                ),
            ));
            continue;
        }
        let mut body = vec![0; length];
        if r.read_exact(&mut body).await.is_err() {
            break;
        }
        if !content_type_ok {
            let _ = errors.send(error(
                Value::Null,
                PARSE_ERROR,
                "the Content-Type is not JSON (expected application/vscode-jsonrpc)",
            ));
            continue;
        }
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let _ = errors.send(error(
                    Value::Null,
                    PARSE_ERROR,
                    &format!("the message is not JSON: {e}"),
                ));
                continue;
            }
        };
        if !is_message(&value) {
            // JSON-RPC 2.0 §5: the id of an invalid request is null.
            let _ = errors.send(error(
                Value::Null,
                INVALID_REQUEST,
                "not a JSON-RPC 2.0 message (`jsonrpc: \"2.0\"` with a `method`, or a response)",
            ));
            continue;
        }
        if to_server.write_all(&frame(&body)).await.is_err() || to_server.flush().await.is_err() {
            break;
        }
    }
    // The server sees the end of its input and shuts down.
    drop(to_server);
    drop(errors);
}

/// Reads the server's output frame by frame into a channel (so the writer
/// can wait on it and on errors without losing half-read frames).
async fn frames_of<R: AsyncRead + Unpin>(from_server: R, out: mpsc::UnboundedSender<Vec<u8>>) {
    let mut r = BufReader::new(from_server);
    loop {
        let Headers::Body { length, .. } = headers(&mut r).await else {
            break;
        };
        let mut body = vec![0; length];
        if r.read_exact(&mut body).await.is_err() || out.send(body).is_err() {
            break;
        }
    }
}

/// Writes the server's frames and this layer's errors to the client, whole.
/// Ends when the server's output ends.
async fn merge<O: AsyncWrite + Unpin>(
    mut server: mpsc::UnboundedReceiver<Vec<u8>>,
    mut errors: mpsc::UnboundedReceiver<Value>,
    mut output: O,
) {
    let mut errors_open = true;
    loop {
        let bytes = tokio::select! {
            biased;
            body = server.recv() => match body {
                Some(b) => frame(&b),
                None => break,
            },
            e = errors.recv(), if errors_open => match e {
                Some(v) => frame(v.to_string().as_bytes()),
                None => { errors_open = false; continue; }
            },
        };
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
    while let Ok(v) = errors.try_recv() {
        let _ = output.write_all(&frame(v.to_string().as_bytes())).await;
    }
    let _ = output.flush().await;
}

/// Serves `service` over the given streams through the resynchronising layer.
pub async fn serve_resync<I, O, S, F>(input: I, output: O, serve_inner: S)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
    S: FnOnce(tokio::io::DuplexStream, tokio::io::DuplexStream) -> F,
    F: std::future::Future<Output = ()>,
{
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (err_tx, err_rx) = mpsc::unbounded_channel();
    let (frame_tx, frame_rx) = mpsc::unbounded_channel();
    let server = serve_inner(server_in, server_out);
    let reader = sanitize(input, to_server, err_tx);
    let work = async {
        tokio::join!(
            server,
            frames_of(from_server, frame_tx),
            merge(frame_rx, err_rx, output)
        );
    };
    tokio::pin!(work);
    tokio::pin!(reader);
    tokio::select! {
        () = &mut work => {}
        () = &mut reader => work.await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_rpc_messages_pass() {
        assert!(is_message(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "x"})
        ));
        assert!(is_message(&json!({"jsonrpc": "2.0", "method": "x"})));
        assert!(is_message(
            &json!({"jsonrpc": "2.0", "id": 1, "result": null})
        ));
        assert!(!is_message(&json!([])));
        assert!(!is_message(
            &json!({"jsonrpc": "1.0", "id": 1, "method": "x"})
        ));
        assert!(!is_message(&json!({"jsonrpc": "2.0", "id": 1})));
    }
}
