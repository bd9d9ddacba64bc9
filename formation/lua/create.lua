-- Creates a stack and, when it has a template, admits its first deployment.
-- KEYS: stack, stack_names, request, deployment, events, active, epoch, queue
-- ARGV: stack_name, stack_id, deployment_id ('' for none), fingerprint,
--       request_ttl, retention, steps_json, fields_json, client_request_id,
--       answer_json, message (the deployment's first task, '' to publish it
--       through Celery)
-- Returns {'ok'|'replay', answer_json} | {'reused'} | {'exists'}
local k = {stack = KEYS[1], names = KEYS[2], request = KEYS[3],
           deployment = KEYS[4], events = KEYS[5], active = KEYS[6],
           epoch = KEYS[7], queue = KEYS[8]}
local name, stack_id, did = ARGV[1], ARGV[2], ARGV[3]

local again = replayed(k.request, ARGV[4])
if again then return again end
if redis.call('EXISTS', k.stack) == 1 then return {'exists'} end

local t = now_ms()
local fields = cjson.decode(ARGV[8])
redis.call('HSET', k.stack, 'stack_id', stack_id, 'stack_name', name,
  'status', 'CREATION_COMPLETE', 'status_message', '', 'holder', '',
  'epoch', 0, 'deployment', '', 'create_time', t, 'update_time', t,
  unpack(fields))
redis.call('ZADD', k.names, t, name)

if did ~= '' then
  open_deployment(k, {did = did, op = 'create', stack_name = name,
    stack_id = stack_id, t = t, steps = ARGV[7], crid = ARGV[9],
    status = 'DEPLOYMENT_IN_PROGRESS', retention = ARGV[6], push = ARGV[11],
    message = 'Stack created; deployment accepted and queued'})
end
remember_request(k.request, ARGV[4], ARGV[5], ARGV[10])
return {'ok', ARGV[10]}
