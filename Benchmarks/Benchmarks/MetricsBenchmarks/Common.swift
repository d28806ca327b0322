@_exported import BenchmarkSupport

let tagModel = "gpt-5-codex"
let tagSource = "cli"
let tagRoute = "responses"
