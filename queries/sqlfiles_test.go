package queries

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSQLFilesMatchFunctions holds the rule that every statement lives in
// sql/<Function>.sql: each sqlText call must name the function it sits in, each name
// must have a file, and each file must be used.
func TestSQLFilesMatchFunctions(t *testing.T) {
	files := map[string]bool{}
	entries, err := fs.ReadDir(sqlFiles, "sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		files[strings.TrimSuffix(e.Name(), ".sql")] = true
	}

	used := map[string]bool{}
	goFiles, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range goFiles {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				id, ok := call.Fun.(*ast.Ident)
				if !ok || id.Name != "sqlText" || fn.Name.Name == "sqlText" {
					return true
				}
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok {
					t.Errorf("%s: sqlText must be called with a string literal", fset.Position(call.Pos()))
					return true
				}
				q, _ := strconv.Unquote(lit.Value)
				if q != fn.Name.Name {
					t.Errorf("%s: function %s runs sql/%s.sql; the file must be named after the function",
						fset.Position(call.Pos()), fn.Name.Name, q)
				}
				if !files[q] {
					t.Errorf("%s: sql/%s.sql does not exist", fset.Position(call.Pos()), q)
				}
				used[q] = true
				return true
			})
		}
	}
	for name := range files {
		if !used[name] {
			t.Errorf("sql/%s.sql is not used by any function", name)
		}
	}
	if len(used) == 0 {
		t.Fatal("found no sqlText calls: the test is not looking in the right place")
	}
}
