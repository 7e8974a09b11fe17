package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// transformBatch is how many records one transaction carries, as the other clients' programs do.
const transformBatch = 10

// transform is consume-transform-produce, exactly once, with kgo's GroupTransactSession: each
// poll's records go to the output topic (value + "-out", same partition) in one transaction that
// also commits the group's offsets of exactly the records polled. A transaction the session
// aborts (a rebalance, a coordinator that moved) rewinds the consumer to the committed offsets,
// so those records come again and only committed batches count. With "produce" the input records
// are written first. Runs until "count" records were transformed, or with count 0 until the group
// has nothing left (3 s idle after the first records).
func transform(ctx context.Context, s *session, o options) (object, error) {
	if o.Produce > 0 {
		producer, err := s.client(kgo.RecordPartitioner(kgo.ManualPartitioner()))
		if err != nil {
			return nil, err
		}
		records := make([]*kgo.Record, o.Produce)
		for i := range records {
			records[i] = &kgo.Record{Topic: o.Input, Partition: int32(i % 2), Value: []byte(fmt.Sprintf("r%d", i))}
		}
		if err := producer.ProduceSync(ctx, records...).FirstErr(); err != nil {
			return nil, fmt.Errorf("producing the input: %w", err)
		}
	}
	sess, err := kgo.NewGroupTransactSession(
		kgo.SeedBrokers(s.seeds...),
		kgo.TransactionalID(o.TransactionalID),
		kgo.TransactionTimeout(30*time.Second),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ConsumerGroup(o.Group),
		kgo.ConsumeTopics(o.Input),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.RequireStableFetchOffsets(),
	)
	if err != nil {
		return nil, err
	}
	transformed, err := transformLoop(ctx, sess, o)
	// Leaving the group now lets the next run's member take the partitions without waiting out
	// this one's session.
	sess.Close()
	if err != nil {
		return nil, err
	}
	adm, err := s.adm()
	if err != nil {
		return nil, err
	}
	// Retried: with a broker just crashed, the group's coordinator may still be named as the
	// broker that is down until the cluster notices.
	offsets, err := adm.FetchOffsets(ctx, o.Group)
	for err != nil && ctx.Err() == nil {
		time.Sleep(250 * time.Millisecond)
		offsets, err = adm.FetchOffsets(ctx, o.Group)
	}
	if err != nil {
		return nil, fmt.Errorf("fetching the group's offsets: %w", err)
	}
	committed := object{}
	offsets.Each(func(r kadm.OffsetResponse) {
		if r.Topic == o.Input && r.At >= 0 {
			committed[strconv.Itoa(int(r.Partition))] = r.At
		}
	})
	return object{"transformed": transformed, "committed": committed}, nil
}

func transformLoop(ctx context.Context, sess *kgo.GroupTransactSession, o options) (int, error) {
	transformed := 0
	idleSince := time.Now()
	for {
		if o.Count > 0 && transformed >= o.Count {
			return transformed, nil
		}
		if o.Count == 0 && transformed > 0 && time.Since(idleSince) > 3*time.Second {
			return transformed, nil
		}
		if ctx.Err() != nil {
			return transformed, fmt.Errorf("%d records transformed before the deadline: %w", transformed, ctx.Err())
		}
		records, err := pollBatch(ctx, sess)
		if err != nil {
			return transformed, err
		}
		if len(records) == 0 {
			continue
		}
		idleSince = time.Now()
		if err := sess.Begin(); err != nil {
			return transformed, fmt.Errorf("beginning a transaction: %w", err)
		}
		var produceErr error
		var mu sync.Mutex
		for _, r := range records {
			// A new slice: the fetched value shares its buffer with the records after it.
			out := &kgo.Record{Topic: o.Output, Partition: r.Partition, Value: []byte(string(r.Value) + "-out")}
			sess.Produce(ctx, out, func(_ *kgo.Record, err error) {
				mu.Lock()
				defer mu.Unlock()
				if err != nil && produceErr == nil {
					produceErr = err
				}
			})
		}
		// Every promise has run once the flush returns; a failed produce aborts the transaction,
		// which rewinds the batch to be polled again.
		if err := sess.Client().Flush(ctx); err != nil {
			return transformed, fmt.Errorf("flushing: %w", err)
		}
		mu.Lock()
		commit := kgo.TransactionEndTry(produceErr == nil)
		mu.Unlock()
		committed, err := sess.End(ctx, commit)
		if err != nil {
			return transformed, fmt.Errorf("ending a transaction after %d records: %w", transformed, err)
		}
		if committed {
			transformed += len(records)
		}
	}
}

// pollBatch polls at most one transaction's worth of records, waiting at most 200 ms for them.
func pollBatch(ctx context.Context, sess *kgo.GroupTransactSession) ([]*kgo.Record, error) {
	pollCtx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	fetches := sess.PollRecords(pollCtx, transformBatch)
	for _, e := range fetches.Errors() {
		// A lost group session is informational: the client rejoins by itself.
		var lostSession *kgo.ErrGroupSession
		if errors.As(e.Err, &lostSession) {
			continue
		}
		if !errors.Is(e.Err, context.DeadlineExceeded) && !errors.Is(e.Err, context.Canceled) {
			return nil, fmt.Errorf("fetching %s-%d: %w", e.Topic, e.Partition, e.Err)
		}
	}
	return fetches.Records(), nil
}
