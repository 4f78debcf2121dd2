package ingest

func tiktokFormats() []format { return nil }
