/*
 * A small librdkafka load generator for bench/broker.bench.ts, in the spirit of librdkafka's
 * rdkafka_performance and Kafka's perf-test tools. Built at bench time with the system's
 * librdkafka (gcc ... $(pkg-config --cflags --libs rdkafka)); prints one JSON line.
 *
 *   produce BOOTSTRAP TOPIC COUNT SIZE ACKS
 *       COUNT records of SIZE bytes as fast as the producer takes them (null keys, so the
 *       sticky partitioner fills batches); throughput from the first send to the last delivery.
 *   latency BOOTSTRAP TOPIC RATE SECONDS SIZE ACKS
 *       RATE records per second for SECONDS, paced in 1 ms steps, linger.ms=0; the latency of
 *       each record from send to delivery report; p50/p99/p99.9.
 *   consume BOOTSTRAP TOPIC PARTITIONS COUNT
 *       reads COUNT records from the start of every partition (no consumer group).
 *   transactions BOOTSTRAP TOPIC COUNT PER_TXN SIZE
 *       COUNT records of SIZE bytes in transactions of PER_TXN records each (a transactional
 *       producer: begin, produce, commit, one transaction after the other); throughput from
 *       init_transactions' end to the last commit.
 */
#include <librdkafka/rdkafka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value) {
  char err[512];
  if (rd_kafka_conf_set(conf, name, value, err, sizeof(err)) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "config %s=%s: %s\n", name, value, err);
    exit(2);
  }
}

static long delivered = 0, failed = 0;
static int64_t *latencies = NULL;
static long latency_count = 0;
static const char *first_error = NULL;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque) {
  (void)rk;
  (void)opaque;
  if (msg->err) {
    failed++;
    if (!first_error) first_error = rd_kafka_err2name(msg->err);
  } else {
    delivered++;
  }
  if (latencies && msg->_private) {
    int64_t sent = (int64_t)(intptr_t)msg->_private;
    latencies[latency_count++] = now_us() - sent;
  }
}

static rd_kafka_t *producer(const char *bootstrap, const char *acks, const char *linger) {
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  char err[512];
  set(conf, "bootstrap.servers", bootstrap);
  set(conf, "acks", acks);
  set(conf, "linger.ms", linger);
  set(conf, "batch.num.messages", "10000");
  set(conf, "batch.size", "1000000");
  set(conf, "queue.buffering.max.messages", "2000000");
  set(conf, "queue.buffering.max.kbytes", "2097151");
  set(conf, "compression.codec", "none");
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (!rk) {
    fprintf(stderr, "producer: %s\n", err);
    exit(2);
  }
  return rk;
}

static int produce_mode(const char *bootstrap, const char *topic, long count, int size, const char *acks) {
  rd_kafka_t *rk = producer(bootstrap, acks, "5");
  char *payload = malloc(size);
  memset(payload, 'x', size);
  int64_t start = now_us();
  for (long i = 0; i < count; i++) {
    for (;;) {
      rd_kafka_resp_err_t err =
          rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(payload, size), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        fprintf(stderr, "produce: %s\n", rd_kafka_err2str(err));
        return 1;
      }
      rd_kafka_poll(rk, 1);
    }
    if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
  }
  rd_kafka_flush(rk, 120000);
  double seconds = (now_us() - start) / 1e6;
  printf("{\"records\":%ld,\"failed\":%ld,\"firstError\":\"%s\",\"seconds\":%.3f,\"recordsPerSec\":%.0f,"
         "\"mbPerSec\":%.2f}\n",
         delivered, failed, first_error ? first_error : "", seconds, delivered / seconds,
         delivered * (double)size / seconds / (1024 * 1024));
  rd_kafka_destroy(rk);
  return failed == 0 ? 0 : 1;
}

static int txn_error(const char *what, rd_kafka_error_t *error) {
  fprintf(stderr, "%s: %s\n", what, rd_kafka_error_string(error));
  rd_kafka_error_destroy(error);
  return 1;
}

static int transactions_mode(const char *bootstrap, const char *topic, long count, long per_txn, int size) {
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  char err[512];
  set(conf, "bootstrap.servers", bootstrap);
  set(conf, "transactional.id", "bench-transactions");
  set(conf, "linger.ms", "5");
  set(conf, "batch.num.messages", "10000");
  set(conf, "batch.size", "1000000");
  set(conf, "queue.buffering.max.messages", "2000000");
  set(conf, "compression.codec", "none");
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (!rk) {
    fprintf(stderr, "producer: %s\n", err);
    return 2;
  }
  rd_kafka_error_t *error = rd_kafka_init_transactions(rk, 60000);
  if (error) return txn_error("init_transactions", error);
  char *payload = malloc(size);
  memset(payload, 'x', size);
  long transactions = 0;
  int64_t start = now_us();
  for (long sent = 0; sent < count; transactions++) {
    if ((error = rd_kafka_begin_transaction(rk))) return txn_error("begin_transaction", error);
    for (long i = 0; i < per_txn && sent < count; i++, sent++) {
      for (;;) {
        rd_kafka_resp_err_t e =
            rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(payload, size), RD_KAFKA_V_END);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          fprintf(stderr, "produce: %s\n", rd_kafka_err2str(e));
          return 1;
        }
        rd_kafka_poll(rk, 1);
      }
      if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
    }
    /* Commit flushes the transaction's records first. */
    if ((error = rd_kafka_commit_transaction(rk, 120000))) return txn_error("commit_transaction", error);
  }
  double seconds = (now_us() - start) / 1e6;
  printf("{\"records\":%ld,\"failed\":%ld,\"firstError\":\"%s\",\"transactions\":%ld,\"seconds\":%.3f,"
         "\"recordsPerSec\":%.0f,\"transactionsPerSec\":%.1f}\n",
         delivered, failed, first_error ? first_error : "", transactions, seconds, delivered / seconds,
         transactions / seconds);
  rd_kafka_destroy(rk);
  return failed == 0 ? 0 : 1;
}

static int compare(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static double percentile(double p) {
  long at = (long)(p * (latency_count - 1));
  return latencies[at] / 1000.0;
}

static int latency_mode(const char *bootstrap, const char *topic, long rate, int seconds, int size,
                        const char *acks) {
  rd_kafka_t *rk = producer(bootstrap, acks, "0");
  long total = rate * seconds;
  latencies = calloc(total, sizeof(int64_t));
  char *payload = malloc(size);
  memset(payload, 'x', size);
  int64_t start = now_us();
  for (long i = 0; i < total; i++) {
    /* Record i is due at start + i/rate seconds; wait for it in 1 ms polls (serving deliveries),
       never spinning, so the load generator leaves the CPU to the broker. */
    int64_t due = start + (int64_t)((double)i * 1e6 / rate);
    while (now_us() < due) rd_kafka_poll(rk, 1);
    int64_t sent = now_us();
    rd_kafka_resp_err_t err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(payload, size),
                                                RD_KAFKA_V_OPAQUE((void *)(intptr_t)sent), RD_KAFKA_V_END);
    if (err) {
      fprintf(stderr, "produce: %s\n", rd_kafka_err2str(err));
      return 1;
    }
  }
  rd_kafka_flush(rk, 60000);
  double elapsed = (now_us() - start) / 1e6;
  qsort(latencies, latency_count, sizeof(int64_t), compare);
  printf("{\"records\":%ld,\"failed\":%ld,\"firstError\":\"%s\",\"recordsPerSec\":%.0f,\"p50Ms\":%.3f,"
         "\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f}\n",
         delivered, failed, first_error ? first_error : "", delivered / elapsed, percentile(0.5), percentile(0.99),
         percentile(0.999), latencies[latency_count - 1] / 1000.0);
  rd_kafka_destroy(rk);
  return failed == 0 ? 0 : 1;
}

static int consume_mode(const char *bootstrap, const char *topic, int partitions, long count) {
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  char err[512];
  set(conf, "bootstrap.servers", bootstrap);
  set(conf, "fetch.wait.max.ms", "100");
  set(conf, "queued.min.messages", "1000000");
  set(conf, "fetch.message.max.bytes", "1048576");
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (!rk) {
    fprintf(stderr, "consumer: %s\n", err);
    return 2;
  }
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  rd_kafka_queue_t *queue = rd_kafka_queue_new(rk);
  for (int p = 0; p < partitions; p++) {
    if (rd_kafka_consume_start_queue(rkt, p, RD_KAFKA_OFFSET_BEGINNING, queue) == -1) {
      fprintf(stderr, "consume_start: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
      return 1;
    }
  }
  rd_kafka_message_t *batch[10000];
  long consumed = 0, bytes = 0;
  int64_t start = 0, deadline = now_us() + 120 * 1000000LL;
  while (consumed < count && now_us() < deadline) {
    ssize_t n = rd_kafka_consume_batch_queue(queue, 1000, batch, 10000);
    for (ssize_t i = 0; i < n; i++) {
      if (!batch[i]->err) {
        if (start == 0) start = now_us();
        consumed++;
        bytes += batch[i]->len;
      }
      rd_kafka_message_destroy(batch[i]);
    }
  }
  double seconds = (now_us() - start) / 1e6;
  printf("{\"records\":%ld,\"seconds\":%.3f,\"recordsPerSec\":%.0f,\"mbPerSec\":%.2f}\n", consumed, seconds,
         consumed / seconds, bytes / seconds / (1024 * 1024));
  for (int p = 0; p < partitions; p++) rd_kafka_consume_stop(rkt, p);
  rd_kafka_queue_destroy(queue);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return consumed >= count ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc >= 7 && strcmp(argv[1], "produce") == 0)
    return produce_mode(argv[2], argv[3], atol(argv[4]), atoi(argv[5]), argv[6]);
  if (argc >= 8 && strcmp(argv[1], "latency") == 0)
    return latency_mode(argv[2], argv[3], atol(argv[4]), atoi(argv[5]), atoi(argv[6]), argv[7]);
  if (argc >= 6 && strcmp(argv[1], "consume") == 0)
    return consume_mode(argv[2], argv[3], atoi(argv[4]), atol(argv[5]));
  if (argc >= 7 && strcmp(argv[1], "transactions") == 0)
    return transactions_mode(argv[2], argv[3], atol(argv[4]), atol(argv[5]), atoi(argv[6]));
  fprintf(stderr,
          "usage: %s produce BOOTSTRAP TOPIC COUNT SIZE ACKS\n"
          "       %s latency BOOTSTRAP TOPIC RATE SECONDS SIZE ACKS\n"
          "       %s consume BOOTSTRAP TOPIC PARTITIONS COUNT\n"
          "       %s transactions BOOTSTRAP TOPIC COUNT PER_TXN SIZE\n",
          argv[0], argv[0], argv[0], argv[0]);
  return 2;
}
