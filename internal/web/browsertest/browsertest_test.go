package browsertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// accessiblePage has a labelled field whose input listener updates a live
// region, and a form whose submit listener shows the submitted value.
const accessiblePage = `<!doctype html>
<html lang="fr">
<head>
	<meta charset="utf-8">
	<title>Essai du harnais</title>
</head>
<body>
<main>
	<h1>Inscription</h1>
	<form id="form" action="/submitted">
		<label for="name">Nom</label>
		<input id="name" name="name" type="text" autocomplete="name">
		<label for="plan">Formule</label>
		<select id="plan" name="plan">
			<option value="free">Gratuite</option>
			<option value="pro">Pro</option>
		</select>
		<button type="submit">Envoyer</button>
	</form>
	<p id="live" aria-live="polite"></p>
	<p id="keys">0</p>
	<p id="result"></p>
</main>
<script>
	const name = document.getElementById('name');
	let keys = 0;
	name.addEventListener('keydown', () => { document.getElementById('keys').textContent = String(++keys); });
	name.addEventListener('input', () => {
		document.getElementById('live').textContent = 'Bonjour ' + name.value + ' !';
	});
	document.getElementById('form').addEventListener('submit', (e) => {
		e.preventDefault();
		const data = new FormData(e.target);
		setTimeout(() => {
			document.getElementById('result').textContent = 'Envoyé : ' + data.get('name') + ' / ' + data.get('plan');
		}, 200);
	});
</script>
</body>
</html>`

// inaccessiblePage has an input without a label.
const inaccessiblePage = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Sans étiquette</title></head>
<body>
<main>
	<h1>Recherche</h1>
	<form><input id="q" type="text"></form>
</main>
</body>
</html>`

const navigatingPage = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Départ</title></head>
<body><main><h1>Départ</h1>
<form method="post" action="/arrivee"><label for="v">Valeur</label><input id="v" name="v"><button>Aller</button></form>
</main></body></html>`

func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		}
	}
	mux.HandleFunc("GET /{$}", page(accessiblePage))
	mux.HandleFunc("GET /inaccessible", page(inaccessiblePage))
	mux.HandleFunc("GET /depart", page(navigatingPage))
	mux.HandleFunc("POST /arrivee", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/fin?v="+r.FormValue("v"), http.StatusSeeOther)
	})
	mux.HandleFunc("GET /fin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html lang="fr"><head><title>Fin</title></head><body><main><h1 id="fin">Arrivé avec `+
			strings.ReplaceAll(r.FormValue("v"), "<", "&lt;")+`</h1></main></body></html>`)
	})
	mux.HandleFunc("GET /lang", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Header.Get("Accept-Language"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFillTriggersInputListeners(t *testing.T) {
	srv := server(t)
	ctx := New(t)

	Navigate(t, ctx, srv.URL)
	WaitVisible(t, ctx, "#name")
	Fill(t, ctx, "#name", "Ada")
	WaitText(t, ctx, "#live", "Bonjour Ada !")
	if got := Text(t, ctx, "#keys"); got != "3" {
		t.Errorf("keydown events: got %s, want 3 (Fill must send real key events)", got)
	}

	// Fill clears what is there first.
	Fill(t, ctx, "#name", "Grace Hopper")
	WaitText(t, ctx, "#live", "Bonjour Grace Hopper !")

	Fill(t, ctx, "#plan", "Pro") // by label
	Submit(t, ctx, "#form")
	WaitText(t, ctx, "#result", "Envoyé : Grace Hopper / pro")

	if got := Location(t, ctx); got != srv.URL+"/" {
		t.Errorf("Location = %q, want %q", got, srv.URL+"/")
	}
	if text := PageText(t, ctx); !strings.Contains(text, "Inscription") {
		t.Errorf("PageText does not contain the heading: %q", text)
	}
}

func TestClickNavigates(t *testing.T) {
	srv := server(t)
	ctx := New(t)

	Navigate(t, ctx, srv.URL+"/depart")
	Fill(t, ctx, "#v", "été")
	Click(t, ctx, "button")
	WaitLocation(t, ctx, "/fin")
	WaitText(t, ctx, "#fin", "Arrivé avec été")
}

func TestBrowserIsFrench(t *testing.T) {
	srv := server(t)
	ctx := New(t)

	Navigate(t, ctx, srv.URL+"/lang")
	if got := PageText(t, ctx); !strings.HasPrefix(got, "fr-FR") {
		t.Errorf("Accept-Language = %q, want fr-FR first", got)
	}
	Navigate(t, ctx, srv.URL)
	lang, err := try(ctx, ActionTimeout, chromedp.Evaluate[string](`navigator.language + ' ' + innerWidth + 'x' + innerHeight`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("navigator.language and viewport: %s", lang)
	if !strings.HasPrefix(lang, "fr") {
		t.Errorf("navigator.language = %q, want fr-FR", lang)
	}
}

func TestAxePassesOnAccessiblePage(t *testing.T) {
	srv := server(t)
	ctx := New(t)

	Navigate(t, ctx, srv.URL)
	Axe(t, ctx)
	// A second run reuses the injected axe-core.
	Fill(t, ctx, "#name", "Ada")
	WaitText(t, ctx, "#live", "Ada")
	Axe(t, ctx)
}

func TestAxeFindsUnlabelledInput(t *testing.T) {
	srv := server(t)
	ctx := New(t)

	Navigate(t, ctx, srv.URL+"/inaccessible")
	violations, err := AxeViolations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(violations, func(v Violation) bool { return v.ID == "label" })
	if i < 0 {
		t.Fatalf("axe did not report the unlabelled input; violations: %v", violations)
	}
	v := violations[i]
	if !slices.Contains(v.Targets, "#q") || v.Impact == "" || v.Help == "" {
		t.Errorf("label violation = %+v, want target #q with an impact and a help text", v)
	}
	t.Logf("as Axe would report it: %s", v)
}

// TestFailureMessage runs TestFailingHelper in a child process and checks that
// a failing helper reports the URL and the page text.
func TestFailureMessage(t *testing.T) {
	if _, err := FindChromium(); err != nil {
		t.Skip(err) // the child would skip too
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFailingHelper$", "-test.v")
	cmd.Env = append(os.Environ(), "BROWSERTEST_FAILING_HELPER=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("TestFailingHelper passed; output:\n%s", out)
	}
	for _, want := range []string{
		"browsertest: wait for #live to contain \"jamais\"",
		"timed out after 10s",
		"url: http://127.0.0.1:",
		"page text:",
		"Inscription",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("failure output lacks %q:\n%s", want, out)
		}
	}
}

// TestFailingHelper fails on purpose; TestFailureMessage runs it.
func TestFailingHelper(t *testing.T) {
	if os.Getenv("BROWSERTEST_FAILING_HELPER") == "" {
		t.Skip("run by TestFailureMessage")
	}
	srv := server(t)
	ctx := New(t)
	Navigate(t, ctx, srv.URL)
	WaitText(t, ctx, "#live", "jamais")
}

func TestScreenshot(t *testing.T) {
	srv := server(t)
	ctx := New(t)

	Navigate(t, ctx, srv.URL)
	path := filepath.Join(t.TempDir(), "page.png")
	Screenshot(t, ctx, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("screenshot is not a PNG")
	}
}

func TestTrim(t *testing.T) {
	if got := trim("\n  a  \n\n\t b\n", 100); got != "a\nb" {
		t.Errorf("trim = %q", got)
	}
	if got := trim("ééé", 3); got != "é…" {
		t.Errorf("trim cut a rune: %q", got)
	}
	if got := trim(" \n ", 10); got != "(empty)" {
		t.Errorf("trim of blank = %q", got)
	}
}

func TestJSCallEscapes(t *testing.T) {
	got := jsCall(`(a, b) => a + b`, `x"); alert(1); ("`, []string{"t"})
	want := `((a, b) => a + b)("x\"); alert(1); (\"", ["t"])`
	if got != want {
		t.Errorf("jsCall = %s, want %s", got, want)
	}
}
