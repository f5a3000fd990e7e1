package store

import "github.com/sesame-platform/sesame/internal/sesame"

func errNotFound(what string) error {
	return sesame.Errorf(sesame.ENotFound, "%s introuvable.", what)
}
