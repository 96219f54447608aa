#!/usr/bin/env python3
"""Pre-signed Messenger webhook bodies for the webhook load benchmark.

Writes one line per request: `<hex HMAC-SHA256(app_secret, body)> <body>`, where body is
compact JSON in ASCII with \\uXXXX escapes, as Meta sends it. post.lua loads the file and
rotates through it. Every line carries a distinct message id (mid), so as long as no line
is sent twice, every acknowledged request must add exactly one row to inbound_events.

Senders: `--senders` distinct PSIDs; line i belongs to sender i % senders, so each
reporter's messages arrive spread out over the run, as real conversations do. Each
reporter talks in conversations: a tip from the labelled development corpus, zero to
two follow-ups, and usually a closing word ("xong ạ") that ends the tip thread, so
threads stay a realistic few messages long instead of growing for the whole run.

Usage:
  make_bodies.py --count 300000 --senders 4000 --secret-env BENCH_APP_SECRET \\
                 --texts tests/fixtures/triage/dev.jsonl --out bodies.txt
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import sys
import time

PAGE_ID = "104857600012345"

FOLLOW_UPS = [
    "Bổ sung: thường tụ tập khoảng 10 giờ tối, có khi tới 1-2 giờ sáng ạ.",
    "Có 3-4 người, đi xe máy không biển số, hay đứng canh ở đầu hẻm.",
    "Em không dám ghi tên, mong các anh công an xử lý sớm giúp.",
    "Chỗ đó gần quán nước đầu hẻm, cửa sắt màu xanh.",
    "Hôm nay lại thấy nữa rồi, đông hơn hôm trước.",
    "Người bán hay nhắn qua Zalo, giao hàng bằng xe ôm công nghệ.",
    "Mấy đứa nhỏ tầm 15-16 tuổi cũng vào đó, phụ huynh không biết.",
    "Mùi khét khét bay ra tận ngoài đường, hàng xóm ai cũng sợ.",
    "Tối thứ bảy với chủ nhật là đông nhất.",
    "Có nhìn thấy họ đưa gói nhỏ màu trắng rồi cầm tiền.",
]

CLOSERS = ["xong", "xong ạ", "hết rồi", "hết ạ", "xong rồi"]


def load_texts(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                text = json.loads(line).get("text", "")
                if text:
                    texts.append(text)
    if not texts:
        sys.exit(f"make_bodies: no texts in {path}")
    return texts


def mid_for(run_tag, index):
    # Shaped like Meta's ("m_" + ~86 url-safe characters), unique by construction:
    # the index is part of the hashed input and also its first bytes.
    digest = hashlib.sha256(f"{run_tag}:{index}".encode()).digest()
    raw = index.to_bytes(8, "big") + digest + digest[:24]
    return "m_" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def conversation(rng, texts):
    messages = [rng.choice(texts)]
    messages += rng.sample(FOLLOW_UPS, rng.choice([0, 0, 1, 1, 2]))
    if rng.random() < 0.8:
        messages.append(rng.choice(CLOSERS))
    return messages


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, required=True, help="number of bodies (lines)")
    p.add_argument("--senders", type=int, default=4000, help="distinct PSIDs")
    p.add_argument("--secret-env", default="TIPLINE_MESSENGER_APP_SECRET",
                   help="environment variable holding the app secret that signs the bodies")
    p.add_argument("--texts", required=True, help="JSON Lines with a \"text\" field (the triage dev corpus)")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=20251)
    p.add_argument("--run-tag", default=None, help="mixed into every mid (default: time and pid)")
    args = p.parse_args()

    secret = os.environ.get(args.secret_env, "")
    if not secret:
        sys.exit(f"make_bodies: environment variable {args.secret_env} is empty")
    key = secret.encode()
    texts = load_texts(args.texts)
    rng = random.Random(args.seed)
    run_tag = args.run_tag or f"{time.time_ns()}-{os.getpid()}"
    senders = max(1, min(args.senders, args.count))
    psids = [str(2570000000000000 + 7919 * s) for s in range(senders)]
    pending = [[] for _ in range(senders)]
    base_ms = int(time.time() * 1000) - 60_000  # "sent a minute ago": never in the future

    dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
    with open(args.out, "w", encoding="ascii", buffering=1 << 20) as out:
        for i in range(args.count):
            s = i % senders
            if not pending[s]:
                pending[s] = conversation(rng, texts)[::-1]
            text = pending[s].pop()
            ts = base_ms + i // 100
            body = dumps({
                "object": "page",
                "entry": [{
                    "id": PAGE_ID,
                    "time": ts + 150,
                    "messaging": [{
                        "sender": {"id": psids[s]},
                        "recipient": {"id": PAGE_ID},
                        "timestamp": ts,
                        "message": {"mid": mid_for(run_tag, i), "text": text},
                    }],
                }],
            })
            sig = hmac.new(key, body.encode("ascii"), hashlib.sha256).hexdigest()
            out.write(sig)
            out.write(" ")
            out.write(body)
            out.write("\n")


if __name__ == "__main__":
    main()
