"""Running Leernet as an organisation's IT would (issue 25): the request id in every log line,
the probes (/healthz, /readyz), the start-up refusal of an unsafe production configuration,
error reports without personal data. docs/operations.md describes each."""
