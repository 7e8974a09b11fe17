package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// readAll consumes every partition of topic from the start, without a group, until count records
// arrive or 30 s pass; records come back ordered by partition and offset.
func readAll(ctx context.Context, s *session, topic string, count int, readCommitted bool) ([]*kgo.Record, error) {
	opts := []kgo.Opt{kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())}
	if readCommitted {
		opts = append(opts, kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	}
	cl, err := s.client(opts...)
	if err != nil {
		return nil, err
	}
	return poll(ctx, cl, count)
}

func poll(ctx context.Context, cl *kgo.Client, count int) ([]*kgo.Record, error) {
	records := []*kgo.Record{}
	pollCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for len(records) < count && pollCtx.Err() == nil {
		fetches := cl.PollFetches(pollCtx)
		for _, e := range fetches.Errors() {
			if e.Err != context.DeadlineExceeded && e.Err != context.Canceled {
				return nil, e.Err
			}
		}
		records = append(records, fetches.Records()...)
	}
	sort.SliceStable(records, func(i, j int) bool {
		if records[i].Partition != records[j].Partition {
			return records[i].Partition < records[j].Partition
		}
		return records[i].Offset < records[j].Offset
	})
	return records, nil
}

func valuesAndOffsets(records []*kgo.Record) object {
	values, offsets := []string{}, []int64{}
	for _, r := range records {
		values = append(values, string(r.Value))
		offsets = append(offsets, r.Offset)
	}
	return object{"values": values, "offsets": offsets}
}

func produceConsume(ctx context.Context, s *session, o options) (object, error) {
	producer, err := s.client()
	if err != nil {
		return nil, err
	}
	records := []*kgo.Record{}
	for i := 0; i < o.Count; i++ {
		records = append(records, &kgo.Record{
			Topic: o.Topic,
			Key:   []byte(fmt.Sprintf("key-%d", i%o.Keys)),
			Value: []byte(fmt.Sprintf("value-%d", i)),
			Headers: []kgo.RecordHeader{
				{Key: "seq", Value: []byte(strconv.Itoa(i))},
				{Key: "source", Value: []byte("compat")},
			},
		})
	}
	if err := producer.ProduceSync(ctx, records...).FirstErr(); err != nil {
		return nil, err
	}
	consumed, err := readAll(ctx, s, o.Topic, o.Count, false)
	if err != nil {
		return nil, err
	}
	byKey := map[string][]object{}
	for _, r := range consumed {
		headers := [][]string{}
		for _, h := range r.Headers {
			headers = append(headers, []string{h.Key, string(h.Value)})
		}
		key := string(r.Key)
		byKey[key] = append(byKey[key], object{"partition": r.Partition, "offset": r.Offset, "value": string(r.Value), "headers": headers})
	}
	return object{"records": byKey}, nil
}

var codecs = map[string]kgo.CompressionCodec{
	"gzip":   kgo.GzipCompression(),
	"snappy": kgo.SnappyCompression(),
	"lz4":    kgo.Lz4Compression(),
	"zstd":   kgo.ZstdCompression(),
}

func compression(ctx context.Context, s *session, o options) (object, error) {
	produced := object{}
	expected := 0
	for _, codec := range o.Codecs {
		producer, err := s.client(kgo.ProducerBatchCompression(codecs[codec]), kgo.ProducerLinger(20*time.Millisecond))
		if err != nil {
			return nil, err
		}
		records := []*kgo.Record{}
		for i := 0; i < o.PerCodec; i++ {
			records = append(records, &kgo.Record{Topic: o.Topic, Value: []byte(fmt.Sprintf("%s-%d", codec, i))})
		}
		err = producer.ProduceSync(ctx, records...).FirstErr()
		produced[codec] = errorName(err)
		if err == nil {
			expected += o.PerCodec
		}
	}
	consumed, err := readAll(ctx, s, o.Topic, expected, false)
	if err != nil {
		return nil, err
	}
	out := valuesAndOffsets(consumed)
	out["produced"] = produced
	return out, nil
}

func offsetsByTime(ctx context.Context, s *session, o options) (object, error) {
	producer, err := s.client(kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		return nil, err
	}
	for i := 0; i < o.Count; i++ {
		r := &kgo.Record{Topic: o.Topic, Value: []byte(fmt.Sprintf("t%d", i)), Timestamp: time.UnixMilli(o.Base + int64(i)*1000)}
		if err := producer.ProduceSync(ctx, r).FirstErr(); err != nil {
			return nil, err
		}
	}
	adm, err := s.adm()
	if err != nil {
		return nil, err
	}
	start, err := adm.ListStartOffsets(ctx, o.Topic)
	if err != nil {
		return nil, err
	}
	end, err := adm.ListEndOffsets(ctx, o.Topic)
	if err != nil {
		return nil, err
	}
	first, _ := start.Lookup(o.Topic, 0)
	last, _ := end.Lookup(o.Topic, 0)
	byTime := object{}
	for name, millis := range o.Lookups {
		listed, err := adm.ListOffsetsAfterMilli(ctx, millis, o.Topic)
		if err != nil {
			return nil, err
		}
		at, _ := listed.Lookup(o.Topic, 0)
		if at.Err != nil {
			return nil, at.Err
		}
		byTime[name] = at.Offset
	}
	return object{"earliest": first.Offset, "latest": last.Offset, "byTime": byTime}, nil
}

func idempotent(ctx context.Context, s *session, o options) (object, error) {
	// franz-go's producer is idempotent unless told otherwise.
	producer, err := s.client(kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.RequiredAcks(kgo.AllISRAcks()))
	if err != nil {
		return nil, err
	}
	records := []*kgo.Record{}
	for i := 0; i < o.Count; i++ {
		records = append(records, &kgo.Record{Topic: o.Topic, Value: []byte(fmt.Sprintf("i%d", i))})
	}
	if err := producer.ProduceSync(ctx, records...).FirstErr(); err != nil {
		return nil, err
	}
	consumed, err := readAll(ctx, s, o.Topic, o.Count, false)
	if err != nil {
		return nil, err
	}
	return sequenceSummary(consumed, "i", o.Count), nil
}

// produceAcked sends v-0..v-(count-1) to partition 0 one every intervalMs with franz-go's
// idempotent acks=all producer while the suite crashes the partition's leader, and reports which
// records were acknowledged.
func produceAcked(ctx context.Context, s *session, o options) (object, error) {
	producer, err := s.client(kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.RequiredAcks(kgo.AllISRAcks()))
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	acked := []int{}
	failed := 0
	for i := 0; i < o.Count; i++ {
		i := i
		wg.Add(1)
		record := &kgo.Record{Topic: o.Topic, Partition: 0, Value: []byte(fmt.Sprintf("v-%d", i))}
		producer.Produce(ctx, record, func(_ *kgo.Record, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				acked = append(acked, i)
			} else {
				failed++
			}
			wg.Done()
		})
		time.Sleep(time.Duration(o.IntervalMs) * time.Millisecond)
	}
	wg.Wait()
	sort.Ints(acked)
	return object{"acked": acked, "failed": failed}, nil
}

func sequenceSummary(records []*kgo.Record, prefix string, count int) object {
	inOrder := len(records) == count
	for i := 0; inOrder && i < count; i++ {
		inOrder = string(records[i].Value) == fmt.Sprintf("%s%d", prefix, i)
	}
	first, last := int64(-1), int64(-1)
	if len(records) > 0 {
		first, last = records[0].Offset, records[len(records)-1].Offset
	}
	return object{"consumed": len(records), "inOrder": inOrder, "firstOffset": first, "lastOffset": last}
}

func transactions(ctx context.Context, s *session, o options) (object, error) {
	producer, err := s.client(kgo.TransactionalID(o.TransactionalID), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		return nil, err
	}
	for _, txn := range o.Transactions {
		if err := producer.BeginTransaction(); err != nil {
			return nil, err
		}
		for _, v := range txn.Values {
			if err := producer.ProduceSync(ctx, &kgo.Record{Topic: o.Topic, Value: []byte(v)}).FirstErr(); err != nil {
				return nil, err
			}
		}
		if err := producer.EndTransaction(ctx, kgo.TransactionEndTry(txn.Commit)); err != nil {
			return nil, err
		}
	}
	committed, err := readAll(ctx, s, o.Topic, o.CommittedCount, true)
	if err != nil {
		return nil, err
	}
	uncommitted, err := readAll(ctx, s, o.Topic, o.UncommittedCount, false)
	if err != nil {
		return nil, err
	}
	return object{"committed": valuesAndOffsets(committed), "uncommitted": valuesAndOffsets(uncommitted)}, nil
}
