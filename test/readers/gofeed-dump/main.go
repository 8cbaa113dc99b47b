// Reads feed files with gofeed's universal parser (github.com/mmcdole/gofeed, as Debian ships
// it) and prints what it returns, as JSON: {"FILE": {feed...}, ...}. Files only, no network.
//
// Build offline: GO111MODULE=off GOPATH=/usr/share/gocode go build -o gofeed-dump .
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mmcdole/gofeed"
)

func main() {
	out := map[string]*gofeed.Feed{}
	parser := gofeed.NewParser()
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		feed, err := parser.Parse(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
		out[name] = feed
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
