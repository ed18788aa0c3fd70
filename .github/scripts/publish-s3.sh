#!/usr/bin/env bash
# Publish one state's built site to an S3 bucket behind CloudFront, all at once.
#
#   publish-s3.sh SITE_FOLDER BUCKET[/PREFIX] KVS_ARN
#
# The whole site is uploaded to releases/<id>/ first, where no visitor sees it.
# Then one write to the distribution's CloudFront KeyValueStore (the key
# "release") points every visitor at the new release: the distribution's
# viewer-request function (docs/publishing.md) reads it and serves
# /releases/<id>/<path>. Because the function runs before CloudFront's cache,
# a new release is never mixed with cached pages of the old one, and no
# invalidation is needed. The release before stays for a rollback (write its
# id back to the key); older ones are deleted.
set -euo pipefail

usage="usage: publish-s3.sh SITE_FOLDER BUCKET[/PREFIX] KVS_ARN"
site=${1:?$usage}
bucket=${2:?$usage}
kvs=${3:?$usage}
[ -f "$site/index.html" ] || { echo "publish-s3.sh: $site/index.html not found: build first" >&2; exit 1; }

commit=$(git rev-parse --short=12 HEAD 2> /dev/null || echo local)
release="$(date -u +%Y%m%dT%H%M%SZ)-$commit"  # sorts by time
root="s3://$bucket"

# _headers and _redirects are read by Netlify and Cloudflare Pages; S3 would
# serve them as files. Their headers belong in a response headers policy.
aws s3 sync "$site" "$root/releases/$release/" --no-progress --only-show-errors \
  --exclude _headers --exclude _redirects \
  --cache-control "public, max-age=60, s-maxage=31536000"

etag=$(aws cloudfront-keyvaluestore describe-key-value-store --kvs-arn "$kvs" \
  --query ETag --output text)
aws cloudfront-keyvaluestore put-key --kvs-arn "$kvs" --key release --value "$release" \
  --if-match "$etag" > /dev/null
echo "Published $site as release $release."

# CloudFront fetches its error page without the function: keep a copy at the top.
aws s3 cp "$site/404.html" "$root/404.html" --no-progress --only-show-errors \
  --cache-control "public, max-age=60"

# Keep this release and the one before it; delete the older ones.
mapfile -t releases < <(aws s3 ls "$root/releases/" | awk '$1 == "PRE" { sub("/$", "", $2); print $2 }' | sort)
older=$(( ${#releases[@]} - 2 ))
for old in "${releases[@]:0:$(( older > 0 ? older : 0 ))}"; do
  [ "$old" = "$release" ] && continue
  aws s3 rm "$root/releases/$old/" --recursive --only-show-errors
  echo "Deleted release $old."
done
