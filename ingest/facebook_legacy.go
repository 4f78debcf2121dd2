package ingest

func legacyFacebookFormats() []format { return nil }
