package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenGolden: internal/gentest's committed sqlorm_fields.go is what gen
// writes for its models (run go generate ./internal/gentest, or this test
// with -update, after changing the generator).
func TestGenGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "internal", "gentest")
	path := filepath.Join(dir, genFileName)
	src, err := generate(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, want) {
		t.Errorf("%s is out of date (go generate ./internal/gentest):\n%s", path, src)
	}
	for _, absent := range []string{"Draft", "Tags", "note", "OptionsFields", "notModel"} {
		if strings.Contains(string(src), absent) {
			t.Errorf("generated code mentions %s, which is no queryable field or model", absent)
		}
	}
}

func TestGenErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n\ntype T struct{ X int }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "gen", "-dir", dir); err == nil || !strings.Contains(err.Error(), "no models in package a") {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := runCmd(t, "gen", "-dir", filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a missing directory is no error")
	}
	if _, err := os.Stat(filepath.Join(dir, genFileName)); !os.IsNotExist(err) {
		t.Fatalf("a failed gen wrote %s", genFileName)
	}
}

// TestGenCompileChecks builds a throw-away module with gentest's models and
// their generated fields: a program using them compiles, and a misspelt
// field or a value of the wrong type is a compile error.
func TestGenCompileChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: not with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	models, err := os.ReadFile(filepath.Join(root, "internal", "gentest", "models.go"))
	if err != nil {
		t.Fatal(err)
	}
	write("models/models.go", strings.Replace(string(models), "package gentest", "package models", 1))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write("go.mod", "module gencheck\n\ngo 1.26\n\nrequire github.com/sqlorm/sqlorm v0.0.0-00010101000000-000000000000\n\nreplace github.com/sqlorm/sqlorm => "+root+"\n")
	if _, _, err := runCmd(t, "gen", "-dir", filepath.Join(dir, "models")); err != nil {
		t.Fatal(err)
	}
	program := func(body string) string {
		return "package main\n\nimport (\n\t\"fmt\"\n\n\t\"gencheck/models\"\n\t\"github.com/sqlorm/sqlorm/orm\"\n)\n\nfunc main() {\n\tqs := orm.Objects[models.Post](nil)\n\t" + body + "\n\tfmt.Println(qs != nil)\n}\n"
	}
	build := func() (string, error) {
		cmd := exec.Command(goBin, "build", "-o", os.DevNull, "./cmd")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, tc := range []struct {
		name, body, wantErr string
	}{
		{"typed fields compile", `qs = qs.Filter(models.PostFields.Views.Gt(10), models.PostFields.Title.IContains("go"), models.PostFields.Status.In("draft"), orm.Q{"views__lt": 100}).OrderBy(models.PostFields.Views.Desc())`, ""},
		{"misspelt field", `qs = qs.Filter(models.PostFields.Veiws.Gt(10))`, "Veiws"},
		{"wrong value type", `qs = qs.Filter(models.PostFields.Views.Gt("ten"))`, `cannot use "ten"`},
		{"text lookup on a number", `qs = qs.Filter(models.PostFields.Views.IContains("1"))`, "IContains"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write("cmd/main.go", program(tc.body))
			out, err := build()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("does not build: %v\n%s", err, out)
				}
				return
			}
			if err == nil || !strings.Contains(out, tc.wantErr) {
				t.Fatalf("want a compile error mentioning %q; err %v:\n%s", tc.wantErr, err, out)
			}
		})
	}
}
