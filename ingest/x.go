package ingest

func xFormats() []format { return nil }
