package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func consumerGroup(ctx context.Context, s *session, o options) (object, error) {
	producer, err := s.client(kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		return nil, err
	}
	for i := 0; i < o.Count; i++ {
		r := &kgo.Record{Topic: o.Topic, Partition: int32(i % 2), Value: []byte(fmt.Sprintf("g%d", i))}
		if err := producer.ProduceSync(ctx, r).FirstErr(); err != nil {
			return nil, err
		}
	}
	return consumeAndCommit(ctx, s, o, o.Count)
}

func consumerGroupResume(ctx context.Context, s *session, o options) (object, error) {
	return consumeAndCommit(ctx, s, o, o.Expected)
}

// consumeAndCommit consumes count records in the group, commits, leaves, and reports the first
// offset seen per partition and the group's committed offsets.
func consumeAndCommit(ctx context.Context, s *session, o options, count int) (object, error) {
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(s.seeds...),
		kgo.ConsumerGroup(o.Group),
		kgo.ConsumeTopics(o.Topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.DisableAutoCommit(),
	)
	if err != nil {
		return nil, err
	}
	records, err := poll(ctx, cl, count)
	if err == nil {
		err = cl.CommitUncommittedOffsets(ctx)
	}
	cl.Close()
	if err != nil {
		return nil, err
	}
	first := object{}
	for _, r := range records {
		key := strconv.Itoa(int(r.Partition))
		if _, seen := first[key]; !seen {
			first[key] = r.Offset
		}
	}
	adm, err := s.adm()
	if err != nil {
		return nil, err
	}
	offsets, err := adm.FetchOffsets(ctx, o.Group)
	if err != nil {
		return nil, err
	}
	committed := object{}
	offsets.Each(func(r kadm.OffsetResponse) { committed[strconv.Itoa(int(r.Partition))] = r.At })
	return object{"consumed": len(records), "firstOffsets": first, "committed": committed}, nil
}
