package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"
	"unicode"

	"dondoc/internal/vntext"
)

// vietnamese reports whether s has a letter outside ASCII, the mark of text a reader sees and a
// translator must see too.
func vietnamese(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r > unicode.MaxASCII && unicode.IsLetter(r) }) >= 0
}

// builtins names the functions text/template predefines, which the parser must know.
var builtins = func() map[string]any {
	m := map[string]any{}
	for _, name := range strings.Fields("and call html index slice js len not or print printf println urlquery eq ge gt le lt ne") {
		m[name] = true
	}
	return m
}()

// templateTexts walks every template and returns the Vietnamese texts given to t and tf, and
// the Vietnamese texts written outside them, which no language switch can translate.
func templateTexts(t *testing.T) (keys, bare []string) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		trees, err := parse.Parse(f, string(b), "{{", "}}", funcsFor(langVI), builtins)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, tree := range trees {
			var walk func(n parse.Node)
			walk = func(n parse.Node) {
				switch n := n.(type) {
				case *parse.ListNode:
					if n == nil {
						return
					}
					for _, c := range n.Nodes {
						walk(c)
					}
				case *parse.TextNode:
					if vietnamese(string(n.Text)) {
						bare = append(bare, f+": "+strings.TrimSpace(string(n.Text)))
					}
				case *parse.ActionNode:
					walk(n.Pipe)
				case *parse.PipeNode:
					if n == nil {
						return
					}
					for _, c := range n.Cmds {
						walk(c)
					}
				case *parse.CommandNode:
					// Every Vietnamese string in an action is text for the reader, whether it goes
					// to t directly or through a helper such as settingField that translates it later.
					for _, a := range n.Args {
						if s, ok := a.(*parse.StringNode); ok && vietnamese(s.Text) {
							keys = append(keys, s.Text)
						}
						walk(a)
					}
				case *parse.IfNode:
					walk(n.Pipe)
					walk(n.List)
					walk(n.ElseList)
				case *parse.RangeNode:
					walk(n.Pipe)
					walk(n.List)
					walk(n.ElseList)
				case *parse.WithNode:
					walk(n.Pipe)
					walk(n.List)
					walk(n.ElseList)
				case *parse.TemplateNode:
					walk(n.Pipe)
				}
			}
			walk(tree.Root)
		}
	}
	return keys, bare
}

// goTexts returns the Vietnamese string literals of the package's Go files, except those given to
// the domain's error constructors, which carry their own English.
func goTexts(t *testing.T) []string {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		exempt := map[*ast.BasicLit]bool{}
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "dondoc" && (sel.Sel.Name == "Invalid" || sel.Sel.Name == "Errorf" || sel.Sel.Name == "Forbidden") {
						for _, a := range call.Args {
							if lit, ok := a.(*ast.BasicLit); ok {
								exempt[lit] = true
							}
						}
					}
				}
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && !exempt[lit] {
				s, err := strconv.Unquote(lit.Value)
				// A language's own name stays in that language on every page.
				if err == nil && vietnamese(s) && s != "Tiếng Việt" {
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}

// TestEnglishCatalogue makes sure every Vietnamese text of the pages has an English translation,
// and that the templates write no Vietnamese outside t and tf, so that an English reader never
// meets an untranslated word.
func TestEnglishCatalogue(t *testing.T) {
	keys, bare := templateTexts(t)
	for _, b := range bare {
		t.Errorf("Vietnamese text outside {{t}}: %q", b)
	}
	keys = append(keys, goTexts(t)...)
	var missing []string
	for _, k := range keys {
		if k != vntext.NFC(k) {
			t.Errorf("text %q is not in NFC", k)
		}
		if _, ok := english[k]; !ok {
			missing = append(missing, strconv.Quote(k))
		}
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	if len(missing) > 0 {
		if path := os.Getenv("DONDOC_MISSING_EN"); path != "" {
			_ = os.WriteFile(path, []byte(strings.Join(missing, "\n")+"\n"), 0o644)
		}
		t.Errorf("%d texts have no English translation in locales/en/*.json:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	for k, v := range english {
		if strings.Count(k, "%s") != strings.Count(v, "%s") || strings.Count(k, "%d") != strings.Count(v, "%d") {
			t.Errorf("translation of %q has other placeholders: %q", k, v)
		}
		if v == "" || vietnamese(v) && v == k {
			t.Errorf("translation of %q is empty or untranslated", k)
		}
	}
}

func TestLoadCatalogueRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
	}{
		{"two translations", fstest.MapFS{
			"en/a.json": {Data: []byte(`{"Nhiệm vụ": "Task"}`)},
			"en/b.json": {Data: []byte(`{"Nhiệm vụ": "Duty"}`)},
		}},
		{"not NFC", fstest.MapFS{"en/a.json": {Data: []byte("{\"Nhie\u0302\u0323m vụ\": \"Task\"}")}}},
		{"not JSON", fstest.MapFS{"en/a.json": {Data: []byte(`{"Nhiệm vụ": }`)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := loadCatalogue(tc.files, "en"); err == nil {
				t.Error("loadCatalogue accepted it")
			}
		})
	}
	m, err := loadCatalogue(fstest.MapFS{
		"en/a.json": {Data: []byte(`{"Nhiệm vụ": "Tasks"}`)},
		"en/b.json": {Data: []byte(`{"Nhiệm vụ": "Tasks", "Đơn vị": "Unit"}`)},
	}, "en")
	if err != nil || m["Đơn vị"] != "Unit" || len(m) != 2 {
		t.Errorf("loadCatalogue = %v, %v", m, err)
	}
}

func TestNumberByLanguage(t *testing.T) {
	for _, tc := range []struct {
		l    lang
		f    float64
		d    int
		want string
	}{
		{langVI, 1234.5, 1, "1.234,5"},
		{langEN, 1234.5, 1, "1,234.5"},
		{langVI, 1234567, 0, "1.234.567"},
		{langEN, -1234567, 0, "-1,234,567"},
	} {
		if got := tc.l.number(tc.f, tc.d); got != tc.want {
			t.Errorf("%s.number(%v, %d) = %q, want %q", tc.l, tc.f, tc.d, got, tc.want)
		}
	}
}
