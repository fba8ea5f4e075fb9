"""Repacks the SMS Spam Collection v.1 (tab-separated `ham|spam<TAB>text`) as gzipped JSON lines.

Input: the original 477,908-byte `SMSSpamCollection` (gzipped) from ../shared/data/sms-spam/.
A line that does not start with `ham<TAB>` or `spam<TAB>` continues the message above it (only
message 5 has such a newline). Output: one `{"label": ..., "text": ...}` object per message, in
file order, UTF-8, gzip with mtime 0 so the file is reproducible.
Run: /usr/bin/python3 make_jsonl.py ../../../shared/data/sms-spam/SMSSpamCollection.gz sms-spam.jsonl.gz
"""
import gzip
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
messages = []
with gzip.open(src, 'rt', encoding='utf-8') as f:
    for line in f:
        line = line.rstrip('\n')
        label, sep, text = line.partition('\t')
        if sep and label in ('ham', 'spam'):
            messages.append([label, text])
        else:
            messages[-1][1] += '\n' + line
with open(dst, 'wb') as raw, gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as out:
    for label, text in messages:
        out.write((json.dumps({'label': label, 'text': text}, ensure_ascii=False) + '\n').encode('utf-8'))
print(len(messages), sum(1 for m in messages if m[0] == 'spam'))
