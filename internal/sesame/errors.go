package sesame

import (
	"errors"
	"fmt"
)

// Error codes say what kind of failure happened; the web layer maps each to
// one HTTP status and one kind of page, so the rest of the code never has to.
const (
	EInvalid      = "invalid"      // bad input; Fields says which field and why
	ENotFound     = "not_found"    // absent, or not visible to the caller (never "forbidden" for another tenant's object)
	EForbidden    = "forbidden"    // visible but not allowed
	EConflict     = "conflict"     // a rule about the current state refuses the change
	EUnauthorized = "unauthorized" // no valid session
	EInternal     = "internal"     // a bug or an unavailable dependency
)

// Error is the project's error: a code, a French message safe to show to the
// user, and per-field French messages for forms.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

// Error implements error.
func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
	}
	return e.Code + ": " + e.Message
}

// Errorf returns an *Error with a formatted French message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal for errors that are not ours,
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the French message of err; errors that are not ours
// get a generic message so internals never reach the user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Une erreur technique est survenue. Veuillez réessayer dans quelques instants."
}

// FieldErrors returns the per-field messages of err, or nil.
func FieldErrors(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects per-field messages while a form is checked, so the
// user sees every problem at once rather than one per submission.
type Validation struct {
	fields map[string]string
}

// Check records msg for field when msg is not empty; the first message of a
// field wins.
func (v *Validation) Check(field, msg string) {
	if msg == "" {
		return
	}
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = msg
	}
}

// Err returns an EInvalid error carrying every recorded message, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "Le formulaire contient des erreurs. Corrigez les champs signalés.", Fields: v.fields}
}
