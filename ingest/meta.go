package ingest

func metaFormats() []format { return nil }
