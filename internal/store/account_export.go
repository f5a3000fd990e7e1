package store

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// MaxExportIDs bounds how many checked rows one export may name. A page of
// the console holds at most MaxAccountPageSize rows, so more than this is
// not a person ticking boxes; "Tout sélectionner" (AccountExport.IDs nil)
// has no limit. It also keeps the IN list far below both databases' caps
// on parameters.
const MaxExportIDs = 1000

// AccountExport says which accounts an export holds (F-26).
type AccountExport struct {
	// Query gives the establishment (required), today's date (required,
	// for effective statuses), the order, and — when IDs is nil — the
	// search and filter whose every result is exported. Its paging is
	// ignored: an export is never cut into pages.
	Query AccountQuery
	// IDs, when not nil, restricts the export to these accounts of the
	// establishment (the checked rows), whatever the search and filter say
	// now: a row checked a moment ago is exported even if it no longer
	// matches.
	IDs []int64
}

// AccountExportRow is one line of an export: the console's row plus the
// person's phone, which the list does not show.
type AccountExportRow struct {
	AccountRow
	Phone string
}

// build turns the export into the list's SQL pieces plus the IN list of
// the checked rows. ordered says whether the ORDER BY is wanted: counts
// leave it out, since its placeholders would otherwise be numbered but
// unused, which PostgreSQL refuses ("could not determine data type").
func (e AccountExport) build(ordered bool, d Dialect) (*accountListSQL, error) {
	aq := e.Query
	aq.Offset, aq.Limit = 0, 0
	if e.IDs != nil {
		aq.Search, aq.Filter = "", AccountFilterAll
		if len(e.IDs) == 0 || len(e.IDs) > MaxExportIDs {
			return nil, sesame.Errorf(sesame.EInvalid, "Sélectionnez entre 1 et %d comptes, ou utilisez « Tout sélectionner ».", MaxExportIDs)
		}
	}
	if !ordered {
		aq.Sort, aq.Group, aq.Desc = "", AccountGroupNone, false
	}
	l, err := buildAccountList(aq, d)
	if err != nil {
		return nil, err
	}
	if e.IDs != nil {
		marks := make([]string, len(e.IDs))
		for i, id := range e.IDs {
			marks[i] = l.where.arg(id)
		}
		l.where.add("a.id IN (" + strings.Join(marks, ", ") + ")")
	}
	return l, nil
}

// CountAccountExport counts the accounts an export holds.
func (q *Q) CountAccountExport(ctx context.Context, e AccountExport) (int, error) {
	l, err := e.build(false, q.dialect)
	if err != nil {
		return 0, err
	}
	query := `SELECT count(*) FROM accounts a`
	if l.personJoin {
		query += ` JOIN persons p ON p.id = a.person_id`
	}
	var n int
	err = q.q.QueryRowContext(ctx, query+l.where.sql(), l.where.args...).Scan(&n)
	return n, err
}

// EachAccountExport calls fn for every account the export holds, in the
// list's order, reading them from the database one at a time so an export
// of 50,000 accounts never holds them all in memory. fn must not keep the
// row: it is reused for the next one. An error from fn stops the walk and
// is returned.
//
// The walk holds a connection until it ends, so fn should not wait on
// anything slower than a client reading a download.
func (q *Q) EachAccountExport(ctx context.Context, e AccountExport, fn func(*AccountExportRow) error) error {
	l, err := e.build(true, q.dialect)
	if err != nil {
		return err
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+accountRowColumns+`, p.phone FROM accounts a
		JOIN persons p ON p.id = a.person_id`+l.where.sql()+l.orderBy, l.where.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var row AccountExportRow
	for rows.Next() {
		if row.AccountRow, err = scanAccountRow(rows, e.Query.Today, &row.Phone); err != nil {
			return err
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
	return rows.Err()
}
