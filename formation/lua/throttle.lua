-- Admits one request of a caller under a rate limit, or says how long to wait.
-- A generic cell rate algorithm: the key holds the theoretical arrival time
-- (ms) of the next request; ``limit`` requests fit in any ``window``, and the
-- key expires once the caller has been quiet for a whole window.
-- KEYS: throttle
-- ARGV: limit, window_ms
-- Returns 0 when admitted, else the milliseconds to wait (at least 1)
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local interval = window / limit
local t = now_ms()

local tat = tonumber(redis.call('GET', KEYS[1])) or t
if tat < t then tat = t end
local next_tat = tat + interval
local allowed_at = next_tat - window
if t < allowed_at then return math.max(1, math.ceil(allowed_at - t)) end

redis.call('SET', KEYS[1], tostring(next_tat), 'PX', math.ceil(next_tat - t))
return 0
