// Command franz-scenario is franz-go's scenario program for the compatibility suite (test/compat):
// it runs one scenario step with franz-go (kgo, kadm) against a bootstrap address and prints what
// it observed as one JSON document. Usage: franz-scenario STEP BOOTSTRAP OPTIONS_JSON. The steps
// and the shape of each observation are defined in test/compat/scenarios.ts.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

type object = map[string]any

type step func(ctx context.Context, s *session, o options) (object, error)

var steps = map[string]step{
	"metadata":              metadata,
	"topic-admin":           topicAdmin,
	"configs":               configs,
	"errors":                errorsStep,
	"produce-consume":       produceConsume,
	"compression":           compression,
	"offsets-by-time":       offsetsByTime,
	"idempotent":            idempotent,
	"produce-acked":         produceAcked,
	"transactions":          transactions,
	"consumer-group":        consumerGroup,
	"consumer-group-resume": consumerGroupResume,
	"transform":             transform,
}

func main() {
	if len(os.Args) != 4 || steps[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: franz-scenario STEP BOOTSTRAP OPTIONS_JSON")
		os.Exit(2)
	}
	var o options
	if err := json.Unmarshal([]byte(os.Args[3]), &o); err != nil {
		fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := &session{seeds: strings.Split(os.Args[2], ",")}
	defer s.close()
	observed, err := steps[os.Args[1]](ctx, s, o)
	if err != nil {
		fail(err)
	}
	out, err := json.Marshal(observed)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "franz-scenario:", err)
	os.Exit(1)
}

// options is the union of every step's options (see test/compat/scenarios.ts).
type options struct {
	Topic             string            `json:"topic"`
	Count             int               `json:"count"`
	IntervalMs        int               `json:"intervalMs"`
	Keys              int               `json:"keys"`
	Partitions        int32             `json:"partitions"`
	ReplicationFactor int16             `json:"replicationFactor"`
	Configs           map[string]string `json:"configs"`
	Codecs            []string          `json:"codecs"`
	PerCodec          int               `json:"perCodec"`
	Base              int64             `json:"base"`
	Lookups           map[string]int64  `json:"lookups"`
	ConfigKeys        []string          `json:"keys_"`
	Incremental       map[string]string `json:"incremental"`
	Legacy            map[string]string `json:"legacy"`
	BrokerKeys        []string          `json:"brokerKeys"`
	MissingTopic      string            `json:"missingTopic"`
	NewTopic          string            `json:"newTopic"`
	LargeSize         int               `json:"largeSize"`
	TransactionalID   string            `json:"transactionalId"`
	Transactions      []struct {
		Values []string `json:"values"`
		Commit bool     `json:"commit"`
	} `json:"transactions"`
	CommittedCount   int    `json:"committedCount"`
	UncommittedCount int    `json:"uncommittedCount"`
	Group            string `json:"group"`
	Expected         int    `json:"expected"`
	Input            string `json:"input"`
	Output           string `json:"output"`
	Produce          int    `json:"produce"`
}

// UnmarshalJSON reads "keys" as a number (produce-consume) or a list of config names (configs).
func (o *options) UnmarshalJSON(data []byte) error {
	type plain options
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if keys, ok := raw["keys"]; ok && len(keys) > 0 && keys[0] == '[' {
		raw["keys_"] = keys
		delete(raw, "keys")
	}
	rewritten, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return json.Unmarshal(rewritten, (*plain)(o))
}

// session owns the clients a step opens, closing them at the end.
type session struct {
	seeds   []string
	clients []*kgo.Client
	admin   *kadm.Client
}

func (s *session) client(opts ...kgo.Opt) (*kgo.Client, error) {
	base := []kgo.Opt{
		kgo.SeedBrokers(s.seeds...),
		kgo.ProduceRequestTimeout(5 * time.Second),
		kgo.UnknownTopicRetries(2),
	}
	cl, err := kgo.NewClient(append(base, opts...)...)
	if err != nil {
		return nil, err
	}
	s.clients = append(s.clients, cl)
	return cl, nil
}

func (s *session) adm() (*kadm.Client, error) {
	if s.admin == nil {
		cl, err := s.client()
		if err != nil {
			return nil, err
		}
		s.admin = kadm.NewClient(cl)
	}
	return s.admin, nil
}

func (s *session) close() {
	for _, cl := range s.clients {
		cl.Close()
	}
}
