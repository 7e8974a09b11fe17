package main

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// errorName is Kafka's name for a broker error, or "client:" and franz-go's message.
func errorName(err error) string {
	if err == nil {
		return "ok"
	}
	var ke *kerr.Error
	if errors.As(err, &ke) {
		return ke.Message
	}
	return "client:" + err.Error()
}

func metadata(ctx context.Context, s *session, o options) (object, error) {
	adm, err := s.adm()
	if err != nil {
		return nil, err
	}
	m, err := adm.Metadata(ctx, o.Topic)
	if err != nil {
		return nil, err
	}
	detail := m.Topics[o.Topic]
	if detail.Err != nil {
		return nil, detail.Err
	}
	partitions := []object{}
	for _, p := range detail.Partitions.Sorted() {
		leaderIsReplica := false
		for _, r := range p.Replicas {
			leaderIsReplica = leaderIsReplica || r == p.Leader
		}
		partitions = append(partitions, object{
			"partition": p.Partition, "replicas": len(p.Replicas), "isr": len(p.ISR), "leaderIsReplica": leaderIsReplica,
		})
	}
	return object{"brokers": len(m.Brokers), "topic": object{"name": o.Topic, "partitions": partitions}}, nil
}

func topicAdmin(ctx context.Context, s *session, o options) (object, error) {
	adm, err := s.adm()
	if err != nil {
		return nil, err
	}
	configs := map[string]*string{}
	for k, v := range o.Configs {
		configs[k] = kadm.StringPtr(v)
	}
	out := object{}
	created, err := adm.CreateTopic(ctx, o.Partitions, o.ReplicationFactor, configs, o.Topic)
	if err == nil {
		err = created.Err
	}
	out["created"] = errorName(err)
	var detail kadm.TopicDetail
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		topics, err := adm.ListTopics(ctx, o.Topic)
		if err == nil && topics[o.Topic].Err == nil && len(topics[o.Topic].Partitions) > 0 {
			detail = topics[o.Topic]
			break
		}
		if time.Now().After(deadline) {
			return nil, errors.New("the created topic never showed in metadata")
		}
	}
	out["describe"] = object{"partitions": len(detail.Partitions), "replicationFactor": detail.Partitions.NumReplicas()}
	// A broker can list a just-created topic before it serves its configs: ask again meanwhile.
	var described object
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		described, err = describeConfigs(ctx, s, kmsg.ConfigResourceTypeTopic, o.Topic, keysOf(o.Configs))
		if err == nil || !errors.Is(err, kerr.UnknownTopicOrPartition) || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	values := object{}
	for k, v := range described {
		values[k] = v.(object)["value"]
	}
	out["configs"] = values
	listedNow := false
	for deadline := time.Now().Add(10 * time.Second); !listedNow && time.Now().Before(deadline); {
		listed, err := adm.ListTopics(ctx)
		if err != nil {
			return nil, err
		}
		if listedNow = listed.Has(o.Topic); !listedNow {
			time.Sleep(100 * time.Millisecond)
		}
	}
	out["listedAfterCreate"] = listedNow
	deleted, err := adm.DeleteTopics(ctx, o.Topic)
	if err == nil {
		err = deleted[o.Topic].Err
	}
	out["deleted"] = errorName(err)
	stillListed := true
	for deadline := time.Now().Add(10 * time.Second); stillListed && time.Now().Before(deadline); {
		listed, err := adm.ListTopics(ctx)
		if err != nil {
			return nil, err
		}
		if stillListed = listed.Has(o.Topic); stillListed {
			time.Sleep(100 * time.Millisecond)
		}
	}
	out["listedAfterDelete"] = stillListed
	return out, nil
}

func keysOf(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// describeConfigs asks with a raw DescribeConfigs request, which (unlike kadm) keeps read_only.
func describeConfigs(ctx context.Context, s *session, kind kmsg.ConfigResourceType, name string, keys []string) (object, error) {
	cl, err := s.client()
	if err != nil {
		return nil, err
	}
	req := kmsg.NewPtrDescribeConfigsRequest()
	resource := kmsg.NewDescribeConfigsRequestResource()
	resource.ResourceType = kind
	resource.ResourceName = name
	req.Resources = append(req.Resources, resource)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, err
	}
	if len(resp.Resources) != 1 {
		return nil, errors.New("DescribeConfigs answered no resource")
	}
	if err := kerr.ErrorForCode(resp.Resources[0].ErrorCode); err != nil {
		return nil, err
	}
	byKey := map[string]kmsg.DescribeConfigsResponseResourceConfig{}
	for _, c := range resp.Resources[0].Configs {
		byKey[c.Name] = c
	}
	out := object{}
	for _, key := range keys {
		c, ok := byKey[key]
		if !ok {
			out[key] = nil
			continue
		}
		out[key] = object{"value": c.Value, "source": c.Source.String(), "readOnly": c.ReadOnly, "sensitive": c.IsSensitive}
	}
	return out, nil
}

// describeUntil describes until the expected values show (brokers apply an alter a moment later).
func describeUntil(ctx context.Context, s *session, topic string, keys []string, expected map[string]string) (object, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		described, err := describeConfigs(ctx, s, kmsg.ConfigResourceTypeTopic, topic, keys)
		if err != nil {
			return nil, err
		}
		applied := true
		for k, v := range expected {
			entry, _ := described[k].(object)
			value, _ := entry["value"].(*string)
			applied = applied && value != nil && *value == v
		}
		if applied || time.Now().After(deadline) {
			return described, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func configs(ctx context.Context, s *session, o options) (object, error) {
	adm, err := s.adm()
	if err != nil {
		return nil, err
	}
	out := object{}
	if out["initial"], err = describeConfigs(ctx, s, kmsg.ConfigResourceTypeTopic, o.Topic, o.ConfigKeys); err != nil {
		return nil, err
	}
	alters := []kadm.AlterConfig{}
	for _, k := range keysOf(o.Incremental) {
		alters = append(alters, kadm.AlterConfig{Op: kadm.SetConfig, Name: k, Value: kadm.StringPtr(o.Incremental[k])})
	}
	if _, err := adm.AlterTopicConfigs(ctx, alters, o.Topic); err != nil {
		return nil, err
	}
	if out["afterIncremental"], err = describeUntil(ctx, s, o.Topic, o.ConfigKeys, o.Incremental); err != nil {
		return nil, err
	}
	legacy := []kadm.AlterConfig{}
	for _, k := range keysOf(o.Legacy) {
		legacy = append(legacy, kadm.AlterConfig{Name: k, Value: kadm.StringPtr(o.Legacy[k])})
	}
	if _, err := adm.AlterTopicConfigsState(ctx, legacy, o.Topic); err != nil {
		return nil, err
	}
	if out["afterLegacy"], err = describeUntil(ctx, s, o.Topic, o.ConfigKeys, o.Legacy); err != nil {
		return nil, err
	}
	brokers, err := adm.ListBrokers(ctx)
	if err != nil {
		return nil, err
	}
	lowest := brokers.NodeIDs()[0]
	for _, id := range brokers.NodeIDs() {
		lowest = min(lowest, id)
	}
	if out["broker"], err = describeConfigs(ctx, s, kmsg.ConfigResourceTypeBroker, strconv.Itoa(int(lowest)), o.BrokerKeys); err != nil {
		return nil, err
	}
	return out, nil
}

func errorsStep(ctx context.Context, s *session, o options) (object, error) {
	adm, err := s.adm()
	if err != nil {
		return nil, err
	}
	// No compression: franz-go compresses by default, which would shrink the large record. A
	// delivery timeout (counted from the record's timestamp) bounds the failing produce calls.
	producer, err := s.client(
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.RecordDeliveryTimeout(8*time.Second),
	)
	if err != nil {
		return nil, err
	}
	produce := func(r *kgo.Record) string { return errorName(producer.ProduceSync(ctx, r).FirstErr()) }
	out := object{
		"unknownTopic":   produce(&kgo.Record{Topic: o.MissingTopic, Value: []byte("v")}),
		"badPartition":   produce(&kgo.Record{Topic: o.Topic, Partition: 5, Value: []byte("v")}),
		"recordTooLarge": produce(&kgo.Record{Topic: o.Topic, Value: make([]byte, o.LargeSize)}),
	}
	created, err := adm.CreateTopic(ctx, 1, 4, nil, o.NewTopic)
	if err == nil {
		err = created.Err
	}
	out["invalidReplicationFactor"] = errorName(err)
	created, err = adm.CreateTopic(ctx, 1, 1, nil, o.Topic)
	if err == nil {
		err = created.Err
	}
	out["topicAlreadyExists"] = errorName(err)
	return out, nil
}
