// A Go wasip1 reactor (`-buildmode=c-shared`) whose init reads the
// environment, a preopened file, the clocks and Go's randomized map order:
// the guest Go's runtime brings to a pre-initializer. Go's runtime stops
// with `fatal error: nanotime returning zero` if the monotonic clock reads
// zero, so `--deterministic` must not start it there.
package main

import (
	"os"
	"sort"
	"strings"
	"time"
)

var (
	initRuns int32
	greeting string
	config   string
	words    []string
	wallYear int32
	monoOK   int32
	mapKeys  int32
	counts   = map[string]int32{}
)

//go:wasmexport init
func initialize() {
	initRuns++
	greeting = os.Getenv("GREETING")
	if data, err := os.ReadFile("/data/config.txt"); err == nil {
		config = strings.TrimSpace(string(data))
	} else {
		config = "error: " + err.Error()
	}
	if data, err := os.ReadFile("/data/words.txt"); err == nil {
		for _, w := range strings.Fields(strings.ToLower(string(data))) {
			counts[w]++
		}
	}
	for w := range counts {
		words = append(words, w)
	}
	sort.Strings(words)
	mapKeys = int32(len(counts))
	start := time.Now()
	wallYear = int32(start.Year())
	time.Sleep(time.Millisecond)
	if time.Since(start) > 0 {
		monoOK = 1
	}
}

//go:wasmexport init_runs
func getInitRuns() int32 { return initRuns }

//go:wasmexport wall_year
func getWallYear() int32 { return wallYear }

//go:wasmexport mono_ok
func getMonoOK() int32 { return monoOK }

//go:wasmexport word_count
func wordCount(i int32) int32 {
	if int(i) >= len(words) {
		return -1
	}
	return counts[words[i]]
}

//go:wasmexport distinct_words
func distinctWords() int32 { return mapKeys }

//go:wasmexport greeting_len
func greetingLen() int32 { return int32(len(greeting)) }

//go:wasmexport config_len
func configLen() int32 { return int32(len(config)) }

//go:wasmexport config_byte
func configByte(i int32) int32 { return int32(config[i]) }

func main() {}
