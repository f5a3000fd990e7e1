package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// AllowDownloads makes the browser save downloads into dir under the names
// the server suggests (Content-Disposition), so a test can read an exported
// file as the user would get it.
func AllowDownloads(t *testing.T, ctx context.Context, dir string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior:     browser.SetDownloadBehaviorBehaviorAllow,
			DownloadPath: dir,
		})
		return err
	}))
	if err != nil {
		t.Fatalf("browsertest: allow downloads: %v", err)
	}
}

// WaitDownload waits, up to ActionTimeout, for a finished download whose
// name ends with suffix in dir, and returns its name and content.
func WaitDownload(t *testing.T, dir, suffix string) (string, []byte) {
	t.Helper()
	deadline := time.Now().Add(ActionTimeout)
	for {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), suffix) {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatalf("browsertest: read %s: %v", e.Name(), err)
				}
				return e.Name(), b
			}
		}
		if time.Now().After(deadline) {
			names := make([]string, len(entries))
			for i, e := range entries {
				names[i] = e.Name()
			}
			t.Fatalf("browsertest: no finished download ending in %q in %s after %s (found %v)", suffix, dir, ActionTimeout, names)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
