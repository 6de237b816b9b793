"""The /match hot path as a FastAPI app would do it: what the service's stack is compared with.

Same work as bench/lib/match-work.mjs (the floor and the Nest ceiling): validate the body
(pydantic), GET both sessions in one round trip and decode each fixed-width record (an absent
one decodes the same stand-in), check the bearer's SHA-256 against the stored hash, run the
rate-limit script first when RATE_LIMIT_MATCHES_PER_MINUTE > 0 (a refused call records no
sighting), then the meeting script; the shared categories are one AND of the two category
masks, labelled alphabetically, `other` never counting. Answers the same JSON. redis.asyncio, one
uvicorn worker on uvloop + httptools.

    PORT=8102 BENCH_MEETING_SCRIPT=... BENCH_RATE_LIMIT_SCRIPT=... REDIS_URL=redis://127.0.0.1:6379/0 REDIS_KEY_PREFIX=sighej: \
        /usr/bin/python3 bench/peers/fastapi_match.py

Needs Debian's python3-fastapi python3-uvicorn python3-redis python3-uvloop python3-httptools.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import uuid
from typing import Optional

import redis.asyncio as aioredis
import uvicorn
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel, Extra, constr, validator

PREFIX = os.environ.get("REDIS_KEY_PREFIX", "sighej:")
WINDOW = int(os.environ.get("MATCH_MUTUAL_WINDOW_SECONDS", "120"))
COOLDOWN = int(os.environ.get("NUDGE_COOLDOWN_SECONDS", "7200"))
MIN_SHARED = int(os.environ.get("MATCH_MIN_SHARED", "1"))
MATCHES_PER_MINUTE = int(os.environ.get("RATE_LIMIT_MATCHES_PER_MINUTE", "0"))
NO_MATCH = {"match": False, "shared_interests": [], "nudge_sent": False}

BleToken = constr(regex=r"^[A-Za-z0-9_-]{22}$", strict=True)

# The service's record (libs/session/src/store/session-codec.ts): id|access hash|mask|expiry|epoch.
RECORD = re.compile(r"^([0-9a-f-]{36})\|([A-Za-z0-9_-]{43})\|([0-9a-f]{8})\|(\d{15})\|([A-Za-z0-9_-]{22})$")


def token_urlsafe(size: int) -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(size)).rstrip(b"=").decode()


STAND_IN = "|".join([str(uuid.uuid4()), token_urlsafe(32), "0" * 8, "0" * 15, token_urlsafe(16)])
ABSENT_EPOCH = token_urlsafe(16)

with open(os.path.join(os.path.dirname(__file__), "../../libs/session/src/interests/interest-catalog.data.json")) as f:
    CATEGORIES = json.load(f)["categories"]
OTHER_BIT = 1 << len(CATEGORIES)
ALPHABETICAL = sorted((category, 1 << bit) for bit, category in enumerate(CATEGORIES))


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
client = aioredis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)
meeting = client.register_script(os.environ["BENCH_MEETING_SCRIPT"])
rate_limit = client.register_script(os.environ["BENCH_RATE_LIMIT_SCRIPT"])
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


def shared_categories(own: dict, detected: dict):
    both = own["mask"] & detected["mask"] & ~OTHER_BIT
    categories = [category for category, bit in ALPHABETICAL if both & bit]
    return len(categories), categories


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
    detected = decode_or_stand_in(detected_raw)
    if MATCHES_PER_MINUTE > 0:
        # Before the sighting: a call the limit refuses records nothing.
        rate_key = f"{PREFIX}rl:{{matches:{own['id']}}}"
        hits, *_rest = await rate_limit(keys=[rate_key, rate_key + ":blk"], args=[60000, MATCHES_PER_MINUTE, 60000])
        if hits > MATCHES_PER_MINUTE:
            raise HTTPException(status_code=429, detail="Too many requests")
    mine = own["p"]
    theirs = ABSENT_EPOCH if detected is None else detected["p"]
    shared, categories = (0, []) if detected is None else shared_categories(own, detected)
    tag = f"{PREFIX}{{m:{mine}:{theirs}}}" if mine < theirs else f"{PREFIX}{{m:{theirs}:{mine}}}"
    keys = [f"{tag}:seen:{mine}", f"{tag}:seen:{theirs}", f"{tag}:met"]
    met, claimed = await meeting(keys=keys, args=[WINDOW, COOLDOWN, shared, MIN_SHARED])
    if met != 1 or detected is None or own["id"] == detected["id"]:
        return NO_MATCH
    return {"match": True, "shared_interests": categories, "nudge_sent": claimed == 1}


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
