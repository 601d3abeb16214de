-- Settles a reservation: corrects token meters, frees its parallel leases, moves its budget
-- reservation into spend, and reports alert thresholds crossed, each once per budget and period
-- across every proxy sharing this Redis. See RedisUsageStore for the key layout.
--
-- KEYS, per meter in order: token rate and parallel meters one key; budget meters three
--   (usage hash, lease zset, amount hash).
-- ARGV[1] reservation id, then per meter its kind and parameters:
--   't', correction, ttl ms                   token rate meter, in the window it was admitted in
--   'p'                                       parallel meter
--   'b', cost, ttl ms, n, then n pairs percent, threshold in nano-USD      budget meter
-- Returns {meter, percent, spent, ...}: per threshold crossed now, the 1-based index of its meter
--   in this call, the percentage, and the spend after this settlement.
-- Spend is added even when the reservation is gone (its lease lapsed, or it was admitted on
-- another store): settled usage is never lost.

local id = ARGV[1]
local crossed = {}
local a, k, n = 2, 1, 0
while a <= #ARGV do
  local kind = ARGV[a]
  local key = KEYS[k]
  n = n + 1
  if kind == 't' then
    local correction = tonumber(ARGV[a + 1])
    if redis.call('EXISTS', key) == 1 then
      if redis.call('INCRBY', key, ARGV[a + 1]) < 0 then
        redis.call('SET', key, '0', 'KEEPTTL')
      end
    elseif correction > 0 then
      -- The window was never charged here (or is gone): add what was used, with the usual life.
      redis.call('SET', key, ARGV[a + 1], 'PX', ARGV[a + 2])
    end
    a, k = a + 3, k + 1
  elseif kind == 'p' then
    redis.call('ZREM', key, id)
    a, k = a + 1, k + 1
  elseif kind == 'b' then
    local leases, amounts = KEYS[k + 1], KEYS[k + 2]
    local cost = tonumber(ARGV[a + 1])
    local reserved = tonumber(redis.call('HGET', amounts, id))
    if reserved then
      if reserved ~= 0 then
        redis.call('HINCRBY', key, 'reserved', string.format('%d', -reserved))
      end
      redis.call('HDEL', amounts, id)
      redis.call('ZREM', leases, id)
    end
    local spent = redis.call('HINCRBY', key, 'spent', ARGV[a + 1])
    redis.call('PEXPIRE', key, ARGV[a + 2])
    local thresholds = tonumber(ARGV[a + 3])
    for t = 0, thresholds - 1 do
      local percent = ARGV[a + 4 + 2 * t]
      local threshold = tonumber(ARGV[a + 5 + 2 * t])
      -- HSETNX marks the threshold atomically: the first settlement to reach it reports it.
      if cost > 0 and spent >= threshold
          and redis.call('HSETNX', key, 'alerted:' .. percent, string.format('%d', spent)) == 1 then
        crossed[#crossed + 1] = n
        crossed[#crossed + 1] = tonumber(percent)
        crossed[#crossed + 1] = spent
      end
    end
    a, k = a + 4 + 2 * thresholds, k + 3
  else
    return redis.error_reply('unknown meter kind ' .. tostring(kind))
  end
end
return crossed
