-- The kept bytes (zstd) of the file with this SHA-256.
SELECT zstd FROM originals WHERE sha256 = $1 LIMIT 1
