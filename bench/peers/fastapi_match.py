"""/match and POST /session as a FastAPI app would do them: what the service's stack is compared with.

/match: the same work as bench/lib/match-work.mjs (the floor and the Nest ceiling): validate the
body (pydantic), GET both sessions in one round trip, check the bearer's SHA-256 against the
caller's stored hash, AND the two category masks, then one round trip with the meeting script
(and the rate-limit script when RATE_LIMIT_MATCHES_PER_MINUTE > 0), answer the same JSON.

POST /session: the service's create (SPEC): validate `{interests}` (a `ble_token` field is
refused), normalise each interest (NFKC, lower case, whitespace), map aliases and categories with
the service's catalog file into a category mask, draw the BLE token (16 bytes), the access token
(32 bytes, only its SHA-256 kept), the session id and the token epoch, `SET tok:<token> NX PXAT`
the service's fixed-width record, then `ZADD` + `ZREMRANGEBYSCORE` of the live set in one
MULTI, count the categories for today's stats in memory, answer 201.

redis.asyncio, one uvicorn worker on uvloop + httptools.

    PORT=8102 BENCH_MEETING_SCRIPT=... BENCH_RATE_LIMIT_SCRIPT=... BENCH_CATALOG_PATH=libs/session/src/interests/interest-catalog.data.json \
        REDIS_URL=redis://127.0.0.1:6379/0 REDIS_KEY_PREFIX=sighej: /usr/bin/python3 bench/peers/fastapi_match.py

Needs Debian's python3-fastapi python3-uvicorn python3-redis python3-uvloop python3-httptools.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import time
import unicodedata
import uuid
from collections import Counter
from datetime import datetime, timezone
from typing import List, Optional

import redis.asyncio as aioredis
import uvicorn
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Extra, conlist, constr, validator

PREFIX = os.environ.get("REDIS_KEY_PREFIX", "sighej:")
WINDOW = int(os.environ.get("MATCH_MUTUAL_WINDOW_SECONDS", "120"))
COOLDOWN = int(os.environ.get("NUDGE_COOLDOWN_SECONDS", "7200"))
MIN_SHARED = int(os.environ.get("MATCH_MIN_SHARED", "1"))
MATCHES_PER_MINUTE = int(os.environ.get("RATE_LIMIT_MATCHES_PER_MINUTE", "0"))
SESSION_TTL_MS = int(os.environ.get("SESSION_TTL_SECONDS", "7200")) * 1000
NO_MATCH = {"match": False, "shared_interests": [], "nudge_sent": False}

BleToken = constr(regex=r"^[A-Za-z0-9_-]{22}$", strict=True)
Interest = constr(min_length=1, max_length=50, strict=True)

# The service's session record (libs/session's codec): id|access hash|category mask|expires at|epoch.
RECORD = re.compile(r"^([0-9a-f-]{36})\|([A-Za-z0-9_-]{43})\|([0-9a-f]{8})\|(\d{15})\|([A-Za-z0-9_-]{22})$")

with open(os.environ["BENCH_CATALOG_PATH"], encoding="utf-8") as catalog_file:
    CATALOG = json.load(catalog_file)
BIT_BY_CATEGORY = {category: 1 << i for i, category in enumerate(CATALOG["categories"])}
OTHER_BIT = 1 << len(CATALOG["categories"])
BIT_BY_CATEGORY["other"] = OTHER_BIT
CATEGORY_BITS = sorted(BIT_BY_CATEGORY.items())
CANONICAL = {}
for canonical, entry in CATALOG["interests"].items():
    CANONICAL[canonical] = canonical
    for alias in entry.get("aliases", []):
        CANONICAL[alias] = canonical
CATEGORY_OF = {canonical: entry["category"] for canonical, entry in CATALOG["interests"].items()}
INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
WHITESPACE_RUN = re.compile(r"\s+")
stats_today: Counter = Counter()


class MatchRequest(BaseModel):
    own_token: BleToken
    detected_token: BleToken

    class Config:
        extra = Extra.forbid

    @validator("detected_token")
    def differs(cls, value, values):  # noqa: N805 (pydantic's signature)
        if values.get("own_token") == value:
            raise ValueError("detected_token must differ from own_token")
        return value


# The Lua of bench/lib/match-work.mjs, passed by bench/run.mjs so both sides run the same text.
class SessionRequest(BaseModel):
    interests: conlist(Interest, min_items=1, max_items=20)
    ble_token: Optional[str] = None

    class Config:
        extra = Extra.forbid

    @validator("ble_token")
    def assigned_by_server(cls, value):  # noqa: N805 (pydantic's signature)
        if value is not None:
            raise ValueError("ble_token is assigned by the server: leave it out")
        return value


client = aioredis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)
meeting = client.register_script(os.environ["BENCH_MEETING_SCRIPT"])
rate_limit = client.register_script(os.environ["BENCH_RATE_LIMIT_SCRIPT"])
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


def access_token_matches(token: str, stored: str) -> bool:
    digest = base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).rstrip(b"=").decode()
    return hmac.compare_digest(digest, stored)


def decode_session(stored: str) -> dict:
    fields = RECORD.match(stored)
    if fields is None:
        raise ValueError("stored session has an unexpected shape")
    return {"id": fields[1], "a": fields[2], "categories": int(fields[3], 16), "p": fields[5]}


def shared_categories(own: dict, detected: dict):
    mask = own["categories"] & detected["categories"] & ~OTHER_BIT
    labels = [category for category, bit in CATEGORY_BITS if mask & bit]
    return len(labels), labels


def epoch_of(session: dict) -> str:
    return session["p"]


def normalise(raw: str) -> str:
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", raw)).lower()
    return WHITESPACE_RUN.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def category_mask(interests: List[str]) -> int:
    mask = 0
    for raw in interests:
        normalised = normalise(raw)
        if normalised:
            canonical = CANONICAL.get(normalised, normalised)
            mask |= BIT_BY_CATEGORY[CATEGORY_OF.get(canonical, "other")]
    return mask


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def encode_session(session_id: str, access_hash: str, mask: int, expires_at: int, epoch: str) -> str:
    return f"{session_id}|{access_hash}|{mask:08x}|{expires_at:015d}|{epoch}"


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.post("/match")
async def match(body: MatchRequest, authorization: Optional[str] = Header(default=None)):
    # Both sessions in one round trip, as the service looks up the detected token with the caller's.
    async with client.pipeline(transaction=False) as pipe:
        pipe.get(f"{PREFIX}tok:{body.own_token}")
        pipe.get(f"{PREFIX}tok:{body.detected_token}")
        own_raw, detected_raw = await pipe.execute()
    own = None if own_raw is None else decode_session(own_raw)
    bearer = authorization[7:] if authorization and authorization.startswith("Bearer ") else None
    if own is None or bearer is None or not access_token_matches(bearer, own["a"]):
        raise HTTPException(status_code=401, detail="Unauthorized")
    detected = None if detected_raw is None else decode_session(detected_raw)
    mine = epoch_of(own)
    theirs = "-" + body.detected_token if detected is None else epoch_of(detected)
    shared, categories = (0, []) if detected is None else shared_categories(own, detected)
    tag = f"{PREFIX}{{m:{mine}:{theirs}}}" if mine < theirs else f"{PREFIX}{{m:{theirs}:{mine}}}"
    keys = [f"{tag}:seen:{mine}", f"{tag}:seen:{theirs}", f"{tag}:met"]
    args = [WINDOW, COOLDOWN, shared, MIN_SHARED]
    if MATCHES_PER_MINUTE > 0:
        # One round trip for both scripts, as the service's auto-pipelining does.
        rate_key = f"{PREFIX}rl:{{matches:{own['id']}}}"
        async with client.pipeline(transaction=False) as pipe:
            await meeting(keys=keys, args=args, client=pipe)
            await rate_limit(keys=[rate_key, rate_key + ":blk"], args=[60000, MATCHES_PER_MINUTE, 60000], client=pipe)
            (met, claimed), (hits, *_rest) = await pipe.execute()
        if hits > MATCHES_PER_MINUTE:
            raise HTTPException(status_code=429, detail="Too many requests")
    else:
        met, claimed = await meeting(keys=keys, args=args)
    if met != 1 or detected is None or own["id"] == detected["id"]:
        return NO_MATCH
    return {"match": True, "shared_interests": categories, "nudge_sent": claimed == 1}


@app.post("/session", status_code=201)
async def create_session(body: SessionRequest):
    mask = category_mask(body.interests)
    if mask == 0:
        raise HTTPException(status_code=400, detail="interests must contain at least one non-blank interest")
    access_token = b64url(secrets.token_bytes(32))
    access_hash = b64url(hashlib.sha256(access_token.encode()).digest())
    session_id = str(uuid.uuid4())
    expires_at = int(time.time() * 1000) + SESSION_TTL_MS
    record = encode_session(session_id, access_hash, mask, expires_at, b64url(secrets.token_bytes(16)))
    while True:
        ble_token = b64url(secrets.token_bytes(16))
        if await client.set(f"{PREFIX}tok:{ble_token}", record, pxat=expires_at, nx=True):
            break
    async with client.pipeline(transaction=True) as pipe:
        pipe.zadd(f"{PREFIX}live", {session_id: expires_at})
        pipe.zremrangebyscore(f"{PREFIX}live", "-inf", int(time.time() * 1000))
        await pipe.execute()
    stats_today.update(category for category, bit in CATEGORY_BITS if mask & bit)
    expires = datetime.fromtimestamp(expires_at / 1000, tz=timezone.utc).isoformat(timespec="milliseconds")
    return JSONResponse(
        status_code=201,
        content={
            "session_id": session_id,
            "ble_token": ble_token,
            "access_token": access_token,
            "expires_at": expires.replace("+00:00", "Z"),
        },
    )


if __name__ == "__main__":
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(os.environ.get("PORT", "8102")),
        loop="uvloop",
        http="httptools",
        workers=1,
        log_level="warning",
        access_log=False,
    )
