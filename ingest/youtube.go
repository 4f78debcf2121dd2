package ingest

func youtubeFormats() []format { return nil }
