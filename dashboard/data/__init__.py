"""The data side: engine and sessions, queries, and the use cases that change data (each ends in
`write.record_change`, which raises the data version and writes the audit row)."""
