//go:build !duckdb_arrow

package queries

// Loads reach DuckDB through the driver's Arrow interface (arrow.go), which the
// driver compiles only with the duckdb_arrow build tag. Without it the build
// stops here, naming what is missing: use make, which sets the tag, or pass
// -tags=duckdb_arrow (or GOFLAGS=-tags=duckdb_arrow) to go.
var _ = build_with_tags_duckdb_arrow_see_Makefile
