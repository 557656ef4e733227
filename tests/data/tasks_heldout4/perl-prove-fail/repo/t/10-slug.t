use strict;
use warnings;
use Test::More tests => 5;
use Slug qw(slugify truncate_slug);

is(slugify('Hello World'), 'hello-world', 'spaces become dashes');
is(slugify('  Trim me  '), 'trim-me', 'trims leading and trailing separators');
is(slugify('C++ & Perl: a story'), 'c-perl-a-story', 'collapses runs of separators');
is(truncate_slug('hello-world-again', 11), 'hello-world', 'truncates at a word boundary');
is(truncate_slug('short', 10), 'short', 'short slugs are unchanged');
