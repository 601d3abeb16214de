-- Admits a reservation when every meter has room, and then charges them all; refusal charges none.
-- See RedisUsageStore for the key layout.
--
-- KEYS, per meter in order: rate and parallel meters one key; budget meters three
--   (usage hash, lease zset, amount hash).
-- ARGV[1] reservation id, ARGV[2] its time in epoch ms (the caller's clock, never Redis TIME),
--   then per meter its kind and parameters:
--   'r', limit, amount, ttl ms                         rate meter (amount: 1 or the token estimate)
--   'p', limit, lease expiry ms, ttl ms                parallel meter
--   'b', limit, hard 1|0, amount, lease expiry ms, ttl ms    budget meter (amount: cost in nano-USD)
-- Returns {refused, used_1, ..., used_n}: refused is the 1-based index of the first meter without
--   room, 0 when admitted; used includes this reservation when admitted.
-- Amounts are integers in Lua doubles: exact up to 2^53 (9e15 nano-USD = 9 million USD per budget).

local id = ARGV[1]
-- Kept as the caller's string: Redis would re-format a Lua number, possibly as 1.7e+12.
local now = ARGV[2]

local function int(n)
  return string.format('%d', n)
end

-- Gives back the reserved amounts of budget reservations whose lease lapsed (a proxy that died
-- mid-request never settles), in batches small enough to unpack.
local function reclaim(usage, leases, amounts)
  while true do
    local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 500)
    if #expired == 0 then
      return
    end
    local total = 0
    for _, amount in ipairs(redis.call('HMGET', amounts, unpack(expired))) do
      total = total + (tonumber(amount) or 0)
    end
    redis.call('HDEL', amounts, unpack(expired))
    redis.call('ZREM', leases, unpack(expired))
    if total ~= 0 then
      redis.call('HINCRBY', usage, 'reserved', int(-total))
    end
    if #expired < 500 then
      return
    end
  end
end

local meters = {}
local refused = 0
local a, k = 3, 1
while a <= #ARGV do
  local m = { kind = ARGV[a], key = KEYS[k], limit = tonumber(ARGV[a + 1]) }
  local room
  if m.kind == 'r' then
    m.amount = ARGV[a + 2]
    m.ttl = ARGV[a + 3]
    m.used = tonumber(redis.call('GET', m.key) or '0')
    room = m.used < m.limit
    a, k = a + 4, k + 1
  elseif m.kind == 'p' then
    m.amount = '1'
    m.expiry = ARGV[a + 2]
    m.ttl = tonumber(ARGV[a + 3])
    redis.call('ZREMRANGEBYSCORE', m.key, '-inf', now)
    m.used = redis.call('ZCARD', m.key)
    room = m.used < m.limit
    a, k = a + 4, k + 1
  elseif m.kind == 'b' then
    m.amount = ARGV[a + 3]
    m.expiry = ARGV[a + 4]
    m.ttl = ARGV[a + 5]
    m.leases = KEYS[k + 1]
    m.amounts = KEYS[k + 2]
    reclaim(m.key, m.leases, m.amounts)
    local usage = redis.call('HMGET', m.key, 'spent', 'reserved')
    m.used = (tonumber(usage[1]) or 0) + (tonumber(usage[2]) or 0)
    room = ARGV[a + 2] == '0' or m.used < m.limit
    a, k = a + 6, k + 3
  else
    return redis.error_reply('unknown meter kind ' .. tostring(m.kind))
  end
  if not room and refused == 0 then
    refused = #meters + 1
  end
  meters[#meters + 1] = m
end

local result = { refused }
for i, m in ipairs(meters) do
  if refused == 0 then
    if m.kind == 'r' then
      redis.call('INCRBY', m.key, m.amount)
      redis.call('PEXPIRE', m.key, m.ttl)
    elseif m.kind == 'p' then
      redis.call('ZADD', m.key, m.expiry, id)
      -- Only ever extend: a shorter lease must not shorten the life of a longer one.
      if redis.call('PTTL', m.key) < m.ttl then
        redis.call('PEXPIRE', m.key, int(m.ttl))
      end
    else
      -- A reservation id reserved twice holds only its latest amount.
      local previous = tonumber(redis.call('HGET', m.amounts, id))
      if previous and previous ~= 0 then
        redis.call('HINCRBY', m.key, 'reserved', int(-previous))
      end
      redis.call('HINCRBY', m.key, 'reserved', m.amount)
      redis.call('HSET', m.amounts, id, m.amount)
      redis.call('ZADD', m.leases, m.expiry, id)
      redis.call('PEXPIRE', m.key, m.ttl)
      redis.call('PEXPIRE', m.leases, m.ttl)
      redis.call('PEXPIRE', m.amounts, m.ttl)
    end
    m.used = m.used + tonumber(m.amount)
  end
  result[i + 1] = m.used
end
return result
