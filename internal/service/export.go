package service

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// The formats of the account export (F-26).
const (
	ExportCSV  = "csv"
	ExportXLSX = "xlsx"
)

// Content types of the export formats.
const (
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// ExportSelection says which accounts to export: the checked rows, or with
// All every result of the list's search and filter ("Tout sélectionner",
// F-23), not just the page.
type ExportSelection struct {
	IDs []int64
	All bool
	// Query is the list's search, filter, grouping and order. Its
	// establishment and paging are ignored: the establishment is always the
	// actor's, and an export is never cut into pages.
	Query store.AccountQuery
}

// ExportFile describes the file an export writes, before its first byte.
type ExportFile struct {
	Name        string // "comptes-21330394500017-2026-03-18.csv"
	ContentType string
	Count       int // rows the file will hold, or -1 when not counted beforehand
}

// ExportStarter is implemented by writers that must know the file before
// its first byte, such as an HTTP response setting its headers.
// ExportAccounts calls StartExport once, after every check has passed and
// the export is in the history, so a refused export can still be answered
// with an error page.
type ExportStarter interface {
	StartExport(ExportFile)
}

// exportColumns are the export's headers, with their widths in the XLSX
// (in characters, as Excel counts them).
var exportColumns = []struct {
	Label string
	Width float64
}{
	{"Civilité", 9}, {"Nom", 22}, {"Prénom", 18}, {"Identifiant", 13}, {"Courriel", 34}, {"Téléphone", 16},
	{"Service", 28}, {"Profil", 16}, {"Statut", 24}, {"Expiration du compte", 21}, {"Dernière connexion", 19},
}

// ExportAccounts writes the selected accounts of the administrator's
// establishment to w as CSV (UTF-8 with BOM, ";" and CRLF, as French Excel
// opens it) or XLSX, and returns how many it wrote (F-26).
//
// The rows are read from the database one at a time and never held
// together: a CSV goes out as it is read; an XLSX sheet is buffered by
// excelize (in memory up to 16 MiB, then in a temporary file) and its zip
// is compressed straight into w.
//
// Checked rows (sel.IDs) must all be live accounts of the establishment:
// one that is not — another establishment's, or deleted meanwhile — refuses
// the whole export with ENotFound, as the bulk actions do, so a tampered
// form learns nothing and exports nothing.
//
// The history row is written first, in its own transaction, before any
// byte leaves: once a file is on its way it cannot be called back, so the
// record of who took which accounts must not depend on the download
// finishing (a client may cut it), and a failure to record refuses the
// export. The count recorded is the selection's at that instant.
func (s *Service) ExportAccounts(ctx context.Context, actor sesame.Actor, sel ExportSelection, format string, w io.Writer) (int, error) {
	if format != ExportCSV && format != ExportXLSX {
		return 0, sesame.Errorf(sesame.EInvalid, "Format d'export inconnu : choisissez CSV ou Excel.")
	}
	ex := store.AccountExport{Query: sel.Query}
	if !sel.All {
		ex.IDs = dedupe(sel.IDs)
		if len(ex.IDs) == 0 {
			return 0, &sesame.Error{Code: sesame.EInvalid, Message: msgNoSelection, Fields: map[string]string{"ids": msgNoSelection}}
		}
	}
	var est *sesame.Establishment
	var count int
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if est, err = s.requireAdmin(ctx, tx.Q, actor); err != nil {
			return err
		}
		ex.Query.EstablishmentID, ex.Query.Today = est.ID, s.today()
		if count, err = tx.CountAccountExport(ctx, ex); err != nil {
			return err
		}
		if ex.IDs != nil && count != len(ex.IDs) {
			return sesame.Errorf(sesame.ENotFound, "Un des comptes sélectionnés n'existe pas ou plus dans votre établissement : rien n'a été exporté.")
		}
		return s.record(ctx, tx, actor, sesame.EventAccountsExported, est.ID, 0, 0, exportDetail(sel, ex, format, count))
	})
	if err != nil {
		return 0, err
	}
	if st, ok := w.(ExportStarter); ok {
		ct := ContentTypeCSV
		if format == ExportXLSX {
			ct = ContentTypeXLSX
		}
		st.StartExport(ExportFile{Name: ExportFileName("comptes", est, s.today(), format), ContentType: ct, Count: count})
	}
	each := func(fn func(*store.AccountExportRow) error) error {
		return s.store.Read().EachAccountExport(ctx, ex, fn)
	}
	if format == ExportXLSX {
		return writeAccountsXLSX(w, each)
	}
	return writeAccountsCSV(w, each)
}

// exportDetail is what the history keeps of an export: how many accounts,
// in which format, and how they were chosen.
func exportDetail(sel ExportSelection, ex store.AccountExport, format string, count int) map[string]any {
	d := map[string]any{"count": count, "format": strings.ToUpper(format)}
	if !sel.All {
		d["selection"] = "comptes cochés"
		return d
	}
	d["selection"] = "tous les résultats de la liste"
	d["filter"] = ex.Query.Filter.Label()
	if ex.Query.Search != "" {
		d["search"] = ex.Query.Search
	}
	return d
}

// ExportFileName is "<what>-<SIRET>-<YYYY-MM-DD>.<format>": the SIRET tells
// whose accounts they are when an administrator of several establishments
// keeps the files side by side, and the date sorts.
func ExportFileName(what string, est *sesame.Establishment, today sesame.Date, format string) string {
	return what + "-" + est.SIRET + "-" + today.String() + "." + format
}

// accountCells is one account as the export's text cells, in
// exportColumns' order (dates in French form; the XLSX replaces them with
// real dates).
func accountCells(r *store.AccountExportRow, cells []string) []string {
	last := ""
	if r.LastLoginAt != nil {
		last = r.LastLoginAt.In(sesame.Paris).Format("02/01/2006 15:04")
	}
	return append(cells[:0], r.Civility.Short(), r.Surname, r.FirstName, r.Identifier, r.Email, r.Phone,
		r.Department, r.Profile.Label(), r.Status.Label(), r.ExpiresOn.French(), last)
}

// utf8BOM makes Excel read a CSV as UTF-8 rather than Windows-1252.
const utf8BOM = "\uFEFF"

// newCSV starts a CSV the way French Excel opens it with a double click:
// UTF-8 with a BOM, ";" between fields (the "," is the decimal separator
// there), CRLF line ends. Output goes through a 32 KiB buffer (which the
// csv.Writer adopts as its own), so a query that fails before its first
// rows leaves w untouched and can still be answered with an error page.
func newCSV(w io.Writer) *csv.Writer {
	bw := bufio.NewWriterSize(w, 32<<10)
	_, _ = bw.WriteString(utf8BOM) // a bufio.Writer's error resurfaces at Flush
	cw := csv.NewWriter(bw)
	cw.Comma, cw.UseCRLF = ';', true
	return cw
}

// csvSafe neutralises a cell a spreadsheet would run as a formula (CSV
// injection): one starting with = + - @, a tab or a line break gets a
// leading apostrophe, which Excel and LibreOffice show as text. The
// full-width signs are included because some spreadsheets fold them to the
// ASCII ones.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	if strings.HasPrefix(s, "＝") || strings.HasPrefix(s, "＋") || strings.HasPrefix(s, "－") || strings.HasPrefix(s, "＠") {
		return "'" + s
	}
	return s
}

// writeCSVRow writes cells neutralised by csvSafe.
func writeCSVRow(cw *csv.Writer, cells []string) error {
	for i, c := range cells {
		cells[i] = csvSafe(c)
	}
	return cw.Write(cells)
}

func writeAccountsCSV(w io.Writer, each func(func(*store.AccountExportRow) error) error) (int, error) {
	cw := newCSV(w)
	cells := make([]string, 0, len(exportColumns))
	for _, c := range exportColumns {
		cells = append(cells, c.Label)
	}
	if err := cw.Write(cells); err != nil {
		return 0, err
	}
	n := 0
	err := each(func(r *store.AccountExportRow) error {
		n++
		// Rows leave as the buffer fills: as they are read.
		return writeCSVRow(cw, accountCells(r, cells))
	})
	if err != nil {
		return n, err // unflushed: what is still buffered never leaves
	}
	cw.Flush()
	return n, cw.Error()
}

// Sheet and cell formats of the XLSX export.
const (
	xlsxSheet        = "Comptes"
	xlsxDateFormat   = "dd/mm/yyyy"
	xlsxMinuteFormat = "dd/mm/yyyy hh:mm"
)

// writeAccountsXLSX writes the export with excelize's StreamWriter. Text
// cells are inline strings, which Excel never evaluates, whatever they
// start with (no <f> element is written unless a Cell carries a Formula);
// dates are real dates in French form, so they sort and filter as dates.
func writeAccountsXLSX(w io.Writer, each func(func(*store.AccountExportRow) error) error) (n int, err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr // removes the sheet's temporary file
		}
	}()
	if err := f.SetSheetName("Sheet1", xlsxSheet); err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(xlsxSheet)
	if err != nil {
		return 0, err
	}
	header, err := f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF7"}},
		Border: []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
	})
	if err != nil {
		return 0, err
	}
	dateFmt, minuteFmt := xlsxDateFormat, xlsxMinuteFormat
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return 0, err
	}
	minuteStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &minuteFmt})
	if err != nil {
		return 0, err
	}
	values := make([]any, len(exportColumns))
	for i, c := range exportColumns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return 0, err
		}
		values[i] = excelize.Cell{StyleID: header, Value: c.Label}
	}
	// The header stays in view while scrolling.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	if err := sw.SetRow("A1", values); err != nil {
		return 0, err
	}
	cells := make([]string, 0, len(exportColumns))
	err = each(func(r *store.AccountExportRow) error {
		n++
		for i, c := range accountCells(r, cells) {
			values[i] = c // a Go string: an inline string cell, never a formula
		}
		values[9] = excelDate(r.ExpiresOn, dateStyle)
		values[10] = nil
		if r.LastLoginAt != nil {
			values[10] = excelize.Cell{StyleID: minuteStyle, Value: wallClock(r.LastLoginAt.In(sesame.Paris))}
		}
		cell, err := excelize.CoordinatesToCellName(1, n+1)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, values)
	})
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	// excelize compresses the workbook into a bytes.Buffer it returns;
	// giving it a zip writer on w instead sends the zip out as it is made,
	// so the compressed file is never held whole either. The buffer it
	// then returns is empty.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	if _, err := f.WriteToBuffer(); err != nil {
		return n, err
	}
	return n, nil
}

// excelDate is a date cell, or an empty one for no date.
func excelDate(d sesame.Date, style int) any {
	if d.IsZero() {
		return nil
	}
	return excelize.Cell{StyleID: style, Value: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)}
}

// wallClock is t's Paris wall-clock time as a UTC time: spreadsheets have
// no time zones, and the reader expects the time they would read on a
// clock in France.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
}
