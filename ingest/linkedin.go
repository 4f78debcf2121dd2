package ingest

func linkedinFormats() []format { return nil }
