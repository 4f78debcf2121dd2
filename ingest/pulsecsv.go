package ingest

func pulseCSVFormats() []format { return nil }
