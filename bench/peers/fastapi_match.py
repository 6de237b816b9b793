"""The /match hot path as a FastAPI app would do it: what the service's stack is compared with.

Same work as bench/lib/match-work.mjs (the floor and the Nest ceiling): validate the body
(pydantic), GET the caller's session and check the bearer's SHA-256 against the stored hash,
GET the detected session, then one round trip with the meeting script (and the rate-limit
script when RATE_LIMIT_MATCHES_PER_MINUTE > 0), answer the same JSON. redis.asyncio, one
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

BleToken = constr(regex=r"^[A-Za-z0-9_-]{6,64}$", strict=True)


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


def shared_categories(own: dict, detected: dict):
    own_hashes = {entry[0] for entry in own["i"]}
    counts: dict = {}
    shared = 0
    for hash_, category in detected["i"]:
        if hash_ in own_hashes:
            shared += 1
            counts[category] = counts.get(category, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return shared, [category for category, _ in ordered]


def epoch_of(session: dict) -> str:
    return session["p"]


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
    own = None if own_raw is None else json.loads(own_raw)
    bearer = authorization[7:] if authorization and authorization.startswith("Bearer ") else None
    if own is None or bearer is None or not access_token_matches(bearer, own["a"]):
        raise HTTPException(status_code=401, detail="Unauthorized")
    detected = None if detected_raw is None else json.loads(detected_raw)
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
