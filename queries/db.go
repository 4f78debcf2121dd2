// Package queries owns pulse's DuckDB database: it opens the one file, upgrades its
// schema, and runs every SQL statement pulse has. Each statement lives in its own
// file under sql/, named after the Go function that runs it, so the SQL can be read,
// reviewed and tested as SQL.
package queries

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Sentinel errors callers can test for with errors.Is.
var (
	// ErrLocked means another process (usually a running `pulse serve`) holds the database.
	ErrLocked = errors.New("the database is in use by another pulse")
	// ErrTooNew means the file was written by a newer pulse than this one.
	ErrTooNew = errors.New("the database was written by a newer pulse")
	// ErrNotFound means a looked-up row does not exist.
	ErrNotFound = errors.New("not found")
)

// DB is the open pulse database. It is safe for concurrent use.
type DB struct {
	sql  *sql.DB
	conn *duckdb.Connector
	path string
	// loadMu lets one load (or rebuild) write posts, snapshots and daily values at
	// a time: their keys stay unique because each load sees the last one's rows.
	loadMu sync.Mutex
}

var lockPID = regexp.MustCompile(`\(PID (\d+)\)`)

// Open opens (creating if needed) the DuckDB file at path and brings its schema up to
// date. It is the only place pulse opens DuckDB.
func Open(ctx context.Context, path string) (*DB, error) {
	c, err := duckdb.NewConnector(path, nil)
	if err != nil {
		if strings.Contains(err.Error(), "Could not set lock") {
			who := "another program"
			if m := lockPID.FindStringSubmatch(err.Error()); m != nil {
				who = "another pulse (process " + m[1] + ")"
			}
			return nil, fmt.Errorf("%w: %s is using %s; DuckDB lets one program write at a time. "+
				"Stop it first, or, if it is `pulse serve`, use the dashboard instead: its Imports page loads files, its Reports page writes reports", ErrLocked, who, path)
		}
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{sql: sql.OpenDB(c), conn: c, path: path}
	if err := db.configure(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// configure sets DuckDB's settings for pulse (sql/configure.sql).
func (db *DB) configure(ctx context.Context) error {
	if _, err := db.sql.ExecContext(ctx, sqlText("configure")); err != nil {
		return fmt.Errorf("configure database %s: %w", db.path, err)
	}
	return nil
}

// Close releases the database file.
func (db *DB) Close() error {
	err := db.sql.Close()
	if cerr := db.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// SQL gives read access to the raw handle for tests and benchmarks.
func (db *DB) SQL() *sql.DB { return db.sql }

// sqlText returns the statement in sql/<name>.sql. The name must be the calling
// function's name; a test holds every call and file to that.
func sqlText(name string) string {
	b, err := sqlFiles.ReadFile("sql/" + name + ".sql")
	if err != nil {
		// Only reachable through a programming error, which the file test catches.
		panic(fmt.Sprintf("queries: no sql/%s.sql: %v", name, err))
	}
	return string(b)
}

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	body    string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %q: name must start with a number and '_'", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), body: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion is the newest migration this build knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.sql.ExecContext(ctx, createMigrationsTable()); err != nil {
		return fmt.Errorf("prepare schema table: %w", err)
	}
	current, err := db.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if newest := ms[len(ms)-1].version; current > newest {
		return fmt.Errorf("%w: %s has schema version %d and this pulse knows up to %d; install the newer pulse to open it",
			ErrTooNew, db.path, current, newest)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		err := db.inTx(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, m.body); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, recordMigration(), m.version, m.name, time.Now().UTC())
			return err
		})
		if err != nil {
			return fmt.Errorf("upgrade schema with %s: %w", m.name, err)
		}
	}
	return nil
}

func createMigrationsTable() string { return sqlText("createMigrationsTable") }
func recordMigration() string       { return sqlText("recordMigration") }

func (db *DB) schemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.sql.QueryRowContext(ctx, sqlText("schemaVersion")).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// Tx is one transaction pinned to one connection, so that appenders and temporary
// tables used inside it see the same data and roll back with it.
type Tx struct {
	*sql.Tx
	conn *sql.Conn
}

// inTx runs fn inside one transaction. Any error or panic rolls everything back.
func (db *DB) inTx(ctx context.Context, fn func(*Tx) error) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(&Tx{Tx: tx, conn: conn}); err != nil {
		return err
	}
	return tx.Commit()
}

// withDriverConn hands fn the driver's connection under c: the Appender and the
// Arrow interface work on it, not through database/sql.
func withDriverConn(c *sql.Conn, fn func(driver.Conn) error) error {
	return c.Raw(func(dc any) error {
		conn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		return fn(conn)
	})
}
