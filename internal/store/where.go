package store

import (
	"strconv"
	"strings"
)

// where builds a WHERE clause from optional conditions, numbering the
// placeholders ($1, $2…), which both SQLite and PostgreSQL accept.
type where struct {
	conds []string
	args  []any
}

// add appends a condition whose "?" marks stand for args, in order.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		cond = strings.Replace(cond, "?", w.arg(a), 1)
	}
	w.conds = append(w.conds, cond)
}

// arg records one argument and returns its placeholder.
func (w *where) arg(a any) string {
	w.args = append(w.args, a)
	return "$" + strconv.Itoa(len(w.args))
}

// sql is " WHERE c1 AND c2…", or "" without conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
