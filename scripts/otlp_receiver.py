#!/usr/bin/env python3
"""An independent OTLP peer for tests: decodes with the official opentelemetry-proto classes.

Serves OTLP/HTTP (POST /v1/traces, /v1/logs, /v1/metrics; protobuf or JSON; gzip) and OTLP/gRPC
(the three collector services via grpcio, h2c), optionally also over TLS / mTLS, on 127.0.0.1.
Prints one JSON line with the ports when ready, e.g. {"http": 4318, "grpc": 4317}.

Control (always on the plain HTTP port):
  GET  /received  -> JSON list of decoded requests
  GET  /counts    -> JSON counts of the accepted (2xx-answered) requests per signal: {"traces":
                     {"requests": r, "items": n}, ..., "metrics": {..., "values": {name: total}}};
                     items are spans, log records or data points; a metric's total is the sum of a
                     sum's values or of a histogram's counts
  POST /reset     -> clears the list, the counts and the fault mode
  POST /mode      -> JSON fault mode: {"mode": "ok"|"status"|"down", "status": 503, "retry_after": "1",
                     "delay_ms": 0, "discard": false, "garbage": false, "garbage_bytes": false,
                     "echo_headers": false, "partial_success": {"rejected": 2, "message": "..."},
                     "grpc_code": 14, "grpc_message": "...", "message": "...", "times": N}
Fault modes: "status" answers that HTTP status (or gRPC code), with Retry-After when given and a
google.rpc.Status body when "message" is given; "delay_ms" waits before answering; "discard" (with
delay_ms) then closes the connection without answering or counting; "garbage" answers 200 with a
body that is not a response message; "garbage_bytes" answers bytes that are not HTTP and closes;
"echo_headers" quotes the request's header values in error and partial-success messages (a careless
collector); "down" (with --data-port) closes the data port so that it refuses connections, and closes
its open connections unanswered, until the next mode reopens it.
Reported messages are MessageToDict output with trace/span ids as hex (as OTLP/JSON writes them);
OTLP/JSON requests are read with json_format after turning their hex ids into protobuf-JSON base64.
--count-only keeps only the counts (GET /received stays empty), for long runs.
Exits when stdin closes or after --max-seconds.
"""

import argparse
import base64
import gzip
import json
import os
import socket
import ssl
import sys
import threading
import time
from concurrent import futures

os.environ.setdefault("GRPC_VERBOSITY", "ERROR")  # before grpc is imported: no handshake chatter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2, logs_service_pb2_grpc
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2, metrics_service_pb2_grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

# signal -> (request class, response class, partial-success rejected field, gRPC service name)
SIGNALS = {
    "traces": (trace_service_pb2.ExportTraceServiceRequest, trace_service_pb2.ExportTraceServiceResponse,
               "rejected_spans", "opentelemetry.proto.collector.trace.v1.TraceService"),
    "logs": (logs_service_pb2.ExportLogsServiceRequest, logs_service_pb2.ExportLogsServiceResponse,
             "rejected_log_records", "opentelemetry.proto.collector.logs.v1.LogsService"),
    "metrics": (metrics_service_pb2.ExportMetricsServiceRequest, metrics_service_pb2.ExportMetricsServiceResponse,
                "rejected_data_points", "opentelemetry.proto.collector.metrics.v1.MetricsService"),
}
# OTLP/JSON writes these bytes fields as hex, where protobuf's JSON mapping uses base64.
HEX_ID_KEYS = {"traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"}
HTTP_STATUS_TO_GRPC = {400: 3, 401: 16, 403: 7, 404: 12, 429: 8, 500: 13, 502: 14, 503: 14, 504: 4}


def convert_ids(value, convert):
    """Rewrites trace/span id strings anywhere in a JSON value (hex <-> base64)."""
    if isinstance(value, dict):
        return {k: convert(v) if k in HEX_ID_KEYS and isinstance(v, str) else convert_ids(v, convert)
                for k, v in value.items()}
    if isinstance(value, list):
        return [convert_ids(v, convert) for v in value]
    return value


def hex_to_b64(text):
    return base64.b64encode(bytes.fromhex(text)).decode()


def b64_to_hex(text):
    return base64.b64decode(text).hex()


def empty_counts():
    counts = {signal: {"requests": 0, "items": 0} for signal in SIGNALS}
    counts["metrics"]["values"] = {}
    return counts


def count_items(signal, message):
    """The items of a decoded request (spans, log records or data points) and, for metrics, the
    total of each sum's values and of each histogram's counts by metric name."""
    if signal == "traces":
        return sum(len(scope.spans) for resource in message.resource_spans for scope in resource.scope_spans), {}
    if signal == "logs":
        return sum(len(scope.log_records) for resource in message.resource_logs
                   for scope in resource.scope_logs), {}
    points, values = 0, {}
    for resource in message.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                kind = metric.WhichOneof("data")
                if kind is None:
                    continue
                data_points = getattr(metric, kind).data_points
                points += len(data_points)
                if kind == "sum":
                    total = sum(point.as_int if point.WhichOneof("value") == "as_int" else point.as_double
                                for point in data_points)
                elif kind in ("histogram", "exponential_histogram"):
                    total = sum(point.count for point in data_points)
                else:
                    continue
                values[metric.name] = values.get(metric.name, 0) + total
    return points, values


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []
        self.counts = empty_counts()
        self.count_only = False
        self.mode = {"mode": "ok"}

    def record(self, entry, signal, message, accepted):
        """Keeps the request (unless --count-only) and, when it is answered 2xx, counts it."""
        items, values = count_items(signal, message) if accepted else (0, {})
        kept = None if self.count_only else entry()
        with self.lock:
            if kept is not None:
                self.received.append(kept)
            if accepted:
                counts = self.counts[signal]
                counts["requests"] += 1
                counts["items"] += items
                for name, total in values.items():
                    counts["values"][name] = counts["values"].get(name, 0) + total

    def take_fault(self):
        """The fault for the next request (or {} for none); counts down `times`."""
        with self.lock:
            mode = self.mode
            if mode.get("mode", "ok") == "ok" and not any(
                    mode.get(key) for key in ("delay_ms", "discard", "garbage", "garbage_bytes", "partial_success")):
                return {}
            times = mode.get("times")
            if times is not None:
                if times <= 0:
                    self.mode = {"mode": "ok"}
                    return {}
                mode["times"] = times - 1
            return dict(mode)


STATE = State()


def fault_message(fault, text, headers):
    """`text`, followed by the request's header values when the fault echoes them."""
    if fault.get("echo_headers"):
        text = f"{text} (request headers: {', '.join(headers.values())})"
    return text


def build_response(signal, fault, headers=None):
    response = SIGNALS[signal][1]()
    partial = fault.get("partial_success")
    if partial:
        setattr(response.partial_success, SIGNALS[signal][2], int(partial.get("rejected", 0)))
        response.partial_success.error_message = fault_message(fault, partial.get("message", ""), headers or {})
    return response


def status_body(message, transport):
    """A google.rpc.Status carrying only `message` (field 2), as protobuf or JSON."""
    if transport == "http-json":
        return json.dumps({"message": message}).encode()
    data = message.encode()
    length, prefix = len(data), bytearray()
    while True:
        byte = length & 0x7F
        length >>= 7
        prefix.append(byte | (0x80 if length else 0))
        if not length:
            break
    return b"\x12" + bytes(prefix) + data


def entry(signal, transport, path, content_type, headers, message, client_port, fault):
    return {"signal": signal, "transport": transport, "path": path, "content_type": content_type,
            "headers": headers, "client_port": client_port, "fault": fault or None,
            "message": convert_ids(json_format.MessageToDict(message, preserving_proto_field_name=False),
                                   b64_to_hex)}


class HTTPHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    allow_control = True

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", content_type="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout tests)

    def do_GET(self):
        if self.path == "/received" and self.allow_control:
            with STATE.lock:
                body = json.dumps(STATE.received).encode()
            return self.reply(200, body)
        if self.path == "/counts" and self.allow_control:
            with STATE.lock:
                body = json.dumps(STATE.counts).encode()
            return self.reply(200, body)
        self.reply(404, b"{}")

    def hang_up(self, data=b""):
        """Closes the connection without an HTTP answer (after `data`, if any)."""
        self.close_connection = True
        try:
            if data:
                self.wfile.write(data)
                self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.allow_control and self.path in ("/reset", "/mode"):
            with STATE.lock:
                if self.path == "/reset":
                    STATE.received.clear()
                    STATE.counts = empty_counts()
                    STATE.mode = {"mode": "ok"}
                else:
                    STATE.mode = json.loads(raw or b"{}")
                down = STATE.mode.get("mode") == "down"
            if DATA_PORT is not None:
                DATA_PORT.close() if down else DATA_PORT.open()
            return self.reply(200, b"{}")
        signal = {"/v1/traces": "traces", "/v1/logs": "logs", "/v1/metrics": "metrics"}.get(self.path)
        if signal is None:
            return self.reply(404, b"unknown path", "text/plain")
        headers = {k.lower(): v for k, v in self.headers.items()}
        content_type = headers.get("content-type", "").split(";")[0].strip()
        try:
            if headers.get("content-encoding", "").lower() == "gzip":
                raw = gzip.decompress(raw)
            message = SIGNALS[signal][0]()
            if content_type == "application/json":
                json_format.ParseDict(convert_ids(json.loads(raw.decode("utf-8")), hex_to_b64), message)
                transport = "http-json"
            elif content_type == "application/x-protobuf":
                message.ParseFromString(raw)
                transport = "http-protobuf"
            else:
                return self.reply(415, b"unsupported content-type", "text/plain")
        except Exception as error:  # noqa: BLE001 - any decode failure is the client's fault
            return self.reply(400, f"cannot decode: {error}".encode(), "text/plain")
        fault = STATE.take_fault()
        if fault.get("mode") == "down":
            return self.hang_up()
        if fault.get("discard"):
            time.sleep(fault.get("delay_ms", 0) / 1000)
            return self.hang_up()
        if fault.get("garbage_bytes"):
            return self.hang_up(b"\x00\x01\x02 this is not HTTP \xff\xfe\r\n\r\n")
        accepted = fault.get("mode") != "status"
        STATE.record(lambda: entry(signal, transport, self.path, content_type, headers, message,
                                   self.client_address[1], fault), signal, message, accepted)
        if fault.get("delay_ms"):
            time.sleep(fault["delay_ms"] / 1000)
        if fault.get("mode") == "status":
            extra = [("Retry-After", str(fault["retry_after"]))] if fault.get("retry_after") else []
            body = b""
            if fault.get("message") is not None or fault.get("echo_headers"):
                body = status_body(fault_message(fault, fault.get("message", ""), headers), transport)
            return self.reply(int(fault.get("status", 503)), body, content_type or "text/plain", extra)
        if fault.get("garbage"):
            return self.reply(200, b"\xff\xfenot-a-protobuf\x00", content_type)
        response = build_response(signal, fault, headers)
        if transport == "http-json":
            body = json_format.MessageToJson(response).encode()
        else:
            body = response.SerializeToString()
        self.reply(200, body, content_type)


class OTLPHandler(HTTPHandler):
    allow_control = False


def make_servicer(signal, base):
    def Export(self, request, context):
        headers = {}
        for key, value in context.invocation_metadata():
            headers[key.lower()] = value if isinstance(value, str) else value.hex()
        peer = context.peer()  # e.g. "ipv4:127.0.0.1:54321"
        port = int(peer.rsplit(":", 1)[1]) if peer.rsplit(":", 1)[-1].isdigit() else None
        fault = STATE.take_fault()
        accepted = fault.get("mode") != "status"
        STATE.record(lambda: entry(signal, "grpc", f"/{SIGNALS[signal][3]}/Export", "application/grpc",
                                   headers, request, port, fault), signal, request, accepted)
        if fault.get("delay_ms"):
            time.sleep(fault["delay_ms"] / 1000)
        if fault.get("mode") == "status":
            code = fault.get("grpc_code") or HTTP_STATUS_TO_GRPC.get(int(fault.get("status", 503)), 2)
            if fault.get("retry_after"):
                context.set_trailing_metadata([("grpc-retry-pushback-ms", str(int(float(fault["retry_after"]) * 1000)))])
            status_code = next(c for c in grpc.StatusCode if c.value[0] == int(code))
            message = fault.get("grpc_message", f"fault injected: code {code}")
            context.abort(status_code, fault_message(fault, message, headers))
        return build_response(signal, fault, headers)
    return type(f"{signal}Servicer", (base,), {"Export": Export})()


def start_grpc(args):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(
        make_servicer("traces", trace_service_pb2_grpc.TraceServiceServicer), server)
    logs_service_pb2_grpc.add_LogsServiceServicer_to_server(
        make_servicer("logs", logs_service_pb2_grpc.LogsServiceServicer), server)
    metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(
        make_servicer("metrics", metrics_service_pb2_grpc.MetricsServiceServicer), server)
    ports = {"grpc": server.add_insecure_port(f"127.0.0.1:{args.grpc_port}")}
    if args.tls_cert:
        with open(args.tls_key, "rb") as key, open(args.tls_cert, "rb") as cert:
            pair = [(key.read(), cert.read())]
        root = open(args.client_ca, "rb").read() if args.client_ca else None
        credentials = grpc.ssl_server_credentials(pair, root_certificates=root,
                                                  require_client_auth=bool(args.client_ca))
        ports["grpcs"] = server.add_secure_port(f"127.0.0.1:{args.grpcs_port}", credentials)
    server.start()
    return server, ports


class DataPort:
    """A plain HTTP port serving OTLP only, which mode "down" closes (connections are refused)
    and any other mode reopens on the same port number."""

    def __init__(self, port):
        self.lock = threading.Lock()
        self.server = None
        self.port = port
        self.open()

    def open(self):
        with self.lock:
            if self.server is not None:
                return
            deadline = time.monotonic() + 5
            while True:
                try:
                    server = ThreadingHTTPServer(("127.0.0.1", self.port), OTLPHandler)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            server.daemon_threads = True
            self.port = server.server_address[1]
            self.server = server
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        with self.lock:
            server, self.server = self.server, None
        if server is not None:
            server.shutdown()
            server.server_close()


DATA_PORT = None


def start_http(port, handler, tls_args=None):
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    if tls_args:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_args.tls_cert, tls_args.tls_key)
        if tls_args.client_ca:
            context.load_verify_locations(tls_args.client_ca)
            context.verify_mode = ssl.CERT_REQUIRED
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--http-port", type=int, default=0)
    parser.add_argument("--grpc-port", type=int, default=0)
    parser.add_argument("--https-port", type=int, default=0)
    parser.add_argument("--grpcs-port", type=int, default=0)
    parser.add_argument("--tls-cert", help="server certificate (PEM); enables the https and grpcs ports")
    parser.add_argument("--tls-key", help="server private key (PEM)")
    parser.add_argument("--client-ca", help="CA (PEM) that client certificates must chain to (mTLS)")
    parser.add_argument("--data-port", type=int, default=None,
                        help="also serve OTLP only (no control) on this plain HTTP port (0: any free one); "
                             "mode \"down\" closes it")
    parser.add_argument("--count-only", action="store_true", help="keep counts only, not the requests")
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    STATE.count_only = args.count_only
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")

    global DATA_PORT
    ports = {"http": start_http(args.http_port, HTTPHandler)}
    if args.data_port is not None:
        DATA_PORT = DataPort(args.data_port)
        ports["data"] = DATA_PORT.port
    if args.tls_cert:
        ports["https"] = start_http(args.https_port, OTLPHandler, args)
    _server, grpc_ports = start_grpc(args)
    ports.update(grpc_ports)

    def exit_on_stdin_close():
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)

    threading.Thread(target=exit_on_stdin_close, daemon=True).start()
    threading.Timer(args.max_seconds, lambda: os._exit(0)).start()
    print(json.dumps(ports), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
