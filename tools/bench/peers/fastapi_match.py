"""/match and POST /session as a FastAPI app would do them: what the service's stack is compared with.

/match: the same work as match-work.ts (the floor and the Nest ceiling): validate the body
(pydantic), GET both sessions in one round trip and decode each fixed-width record (an absent
one decodes the same stand-in), check the bearer's SHA-256 against the stored hash, run the
service's rate-limit script first when RATE_LIMIT_MATCHES_PER_MINUTE > 0 (a refused call records
no sighting), then the service's sighting script; the shared categories are one AND of the two
category masks, labelled alphabetically, `other` never counting. Answers the same JSON. The Lua
is read from the files the bench writes from the libs' exports (BENCH_SIGHT_SCRIPT_FILE,
BENCH_RATE_LIMIT_SCRIPT_FILE), so it is the service's own text.

POST /session: the service's create (SPEC): validate `{interests}` (a `ble_token` field is
refused), normalise each interest (invisible characters out, NFKC, lower case, whitespace runs
to one space), map aliases and categories with the service's catalog into a category mask, draw
the BLE token (16 bytes), the access token (32 bytes, only its SHA-256 kept), the session id and
the token epoch, `SET tok:<token> NX PXAT` the fixed-width record, then `ZADD` +
`ZREMRANGEBYSCORE` of the live set in one MULTI, count the categories for today's stats in
memory, answer 201.

redis.asyncio, one uvicorn worker on uvloop + httptools.

    PORT=8102 BENCH_SIGHT_SCRIPT_FILE=... BENCH_RATE_LIMIT_SCRIPT_FILE=... REDIS_URL=redis://127.0.0.1:6379/0 \
        REDIS_KEY_PREFIX=sighej: /usr/bin/python3 tools/bench/peers/fastapi_match.py

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
# The service's claim: its request timeout (10 s by default) plus a 5 s margin.
CLAIM = min(COOLDOWN, 15)
MIN_SHARED = int(os.environ.get("MATCH_MIN_SHARED", "1"))
MATCHES_PER_MINUTE = int(os.environ.get("RATE_LIMIT_MATCHES_PER_MINUTE", "0"))
SESSION_TTL_MS = int(os.environ.get("SESSION_TTL_SECONDS", "7200")) * 1000
NO_MATCH = {"match": False, "shared_interests": [], "nudge_sent": False}

BleToken = constr(regex=r"^[A-Za-z0-9_-]{22}$", strict=True)

# The service's record (libs/session/src/store/session-codec.ts): id|access hash|mask|expiry|epoch.
RECORD = re.compile(r"^([0-9a-f-]{36})\|([A-Za-z0-9_-]{43})\|([0-9a-f]{8})\|(\d{15})\|([A-Za-z0-9_-]{22})$")


def token_urlsafe(size: int) -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(size)).rstrip(b"=").decode()


STAND_IN = "|".join([str(uuid.uuid4()), token_urlsafe(32), "0" * 8, "0" * 15, token_urlsafe(16)])
ABSENT_EPOCH = token_urlsafe(16)

with open(os.path.join(os.path.dirname(__file__), "../../../libs/session/src/interests/interest-catalog.data.json")) as f:
    CATALOG = json.load(f)
CATEGORIES = CATALOG["categories"]
OTHER_BIT = 1 << len(CATEGORIES)
ALPHABETICAL = sorted((category, 1 << bit) for bit, category in enumerate(CATEGORIES))
BIT_BY_CATEGORY = {**{category: 1 << bit for bit, category in enumerate(CATEGORIES)}, "other": OTHER_BIT}
LABELS = sorted(BIT_BY_CATEGORY.items())
CANONICAL = {}
for canonical_name, catalog_entry in CATALOG["interests"].items():
    CANONICAL[canonical_name] = canonical_name
    for alias in catalog_entry.get("aliases", []):
        CANONICAL[alias] = canonical_name
CATEGORY_OF = {name: entry["category"] for name, entry in CATALOG["interests"].items()}
INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
WHITESPACE_RUN = re.compile(r"\s+")
stats_today: Counter = Counter()

Interest = constr(min_length=1, max_length=50, strict=True)


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




def lua(variable: str) -> str:
    """The service's script the bench wrote (from the libs' exports) to the file `variable` names."""
    with open(os.environ[variable]) as script:
        return script.read()


client = aioredis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)
sight = client.register_script(lua("BENCH_SIGHT_SCRIPT_FILE"))
rate_limit = client.register_script(lua("BENCH_RATE_LIMIT_SCRIPT_FILE"))
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


def access_token_matches(token: str, stored: str) -> bool:
    digest = base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).rstrip(b"=").decode()
    return hmac.compare_digest(digest, stored)


def decode(stored: str) -> dict:
    fields = RECORD.match(stored)
    if fields is None:
        raise ValueError("stored session has an unexpected shape")
    session_id, access_hash, mask, expires, epoch = fields.groups()
    return {"id": session_id, "a": access_hash, "mask": int(mask, 16), "e": int(expires), "p": epoch}


def decode_or_stand_in(raw: Optional[str]) -> Optional[dict]:
    decoded = decode(STAND_IN if raw is None else raw)
    return None if raw is None else decoded


def shared_categories(own: dict, detected: dict) -> List[str]:
    both = own["mask"] & detected["mask"] & ~OTHER_BIT
    categories = [category for category, bit in ALPHABETICAL if both & bit]
    return categories if len(categories) >= MIN_SHARED else []


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


def encode(session_id: str, access_hash: str, mask: int, expires_at: int, epoch: str) -> str:
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
    own = decode_or_stand_in(own_raw)
    bearer = authorization[7:] if authorization and authorization.startswith("Bearer ") else None
    if own is None or bearer is None or not access_token_matches(bearer, own["a"]):
        raise HTTPException(status_code=401, detail="Unauthorized")
    found = decode_or_stand_in(detected_raw)
    detected = found if found is not None and found["id"] != own["id"] else None
    if MATCHES_PER_MINUTE > 0:
        # Before the sighting: a call the limit refuses records nothing.
        rate_key = f"{PREFIX}rl:{{matches:{own['id']}}}"
        hits, *_rest = await rate_limit(keys=[rate_key, rate_key + ":blk"], args=[60000, MATCHES_PER_MINUTE, 60000])
        if hits > MATCHES_PER_MINUTE:
            raise HTTPException(status_code=429, detail="Too many requests")
    mine = own["p"]
    theirs = ABSENT_EPOCH if detected is None else detected["p"]
    # The service's key layout (libs/match/src/meetings/match-keys.ts): one hash tag per meeting.
    tag = f"{PREFIX}{{m:{mine}:{theirs}}}" if mine < theirs else f"{PREFIX}{{m:{theirs}:{mine}}}"
    keys = [f"{tag}:seen:{mine}", f"{tag}:seen:{theirs}", f"{tag}:met"]
    sighting = await sight(keys=keys, args=[WINDOW, CLAIM])
    if detected is None:
        return NO_MATCH
    if sighting == "matched":
        return {"match": True, "shared_interests": shared_categories(own, detected), "nudge_sent": False}
    if sighting != "won":
        return NO_MATCH
    # A won sighting is settled at once (the peers send no nudges).
    categories = shared_categories(own, detected)
    await client.set(keys[2], "matched" if categories else "unmatched", ex=COOLDOWN)
    return {"match": True, "shared_interests": categories, "nudge_sent": True} if categories else NO_MATCH


@app.post("/session", status_code=201)
async def create_session(body: SessionRequest):
    mask = category_mask(body.interests)
    if mask == 0:
        raise HTTPException(status_code=400, detail="interests must contain at least one non-blank interest")
    access_token = token_urlsafe(32)
    access_hash = base64.urlsafe_b64encode(hashlib.sha256(access_token.encode()).digest()).rstrip(b"=").decode()
    session_id = str(uuid.uuid4())
    expires_at = int(time.time() * 1000) + SESSION_TTL_MS
    record = encode(session_id, access_hash, mask, expires_at, token_urlsafe(16))
    while True:
        ble_token = token_urlsafe(16)
        if await client.set(f"{PREFIX}tok:{ble_token}", record, pxat=expires_at, nx=True):
            break
    async with client.pipeline(transaction=True) as pipe:
        pipe.zadd(f"{PREFIX}live", {session_id: expires_at})
        pipe.zremrangebyscore(f"{PREFIX}live", "-inf", int(time.time() * 1000))
        await pipe.execute()
    stats_today.update(category for category, bit in LABELS if mask & bit)
    expires = datetime.fromtimestamp(expires_at / 1000, tz=timezone.utc).isoformat(timespec="milliseconds")
    return JSONResponse(
        status_code=201,
        content={
            "session_id": session_id,
            "ble_token": ble_token,
            "access_token": access_token,
            "expires_at": expires.replace("+00:00", "Z"),
        },
        headers={"Cache-Control": "no-store"},
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
