-- Every imported file, byte for byte, compressed with zstd, inside the database: the
-- practice's data is one file, and keeping a file is one more row in its import's
-- transaction, where a file of its own on disk cost four system calls (a third of
-- an agency's ingest time on the bench machine) and could outlive a failed load.
-- Imports from before this migration keep their originals under originals/ in the
-- data directory, where imports.stored_path points; new imports leave it empty.
CREATE TABLE originals (
    sha256 VARCHAR NOT NULL,
    zstd   BLOB NOT NULL
);
