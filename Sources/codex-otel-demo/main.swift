import OtelAPI

// A small example until the full demo lands: instrument with the API alone.
let tracer = Otel.tracer("codex-otel-demo")
tracer.withSpan("example") { span in
    span.setAttribute("example.step", 1)
}
print("OtelAPI example ran with no SDK installed (every call was a no-op).")
