"""The pure record shell: one raw Kafka record in, its output records out.

`process_record` (validate, extract, encode), the codec of every topic's bytes and
headers, and the topic table. No Kafka client and no I/O: the worker, the contract
export and the benchmarks all call these functions.
"""
