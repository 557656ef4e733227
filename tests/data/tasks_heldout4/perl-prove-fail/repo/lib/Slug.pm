package Slug;
use strict;
use warnings;
use Exporter 'import';

our @EXPORT_OK = qw(slugify truncate_slug);
our $VERSION = '0.3.0';

# Lowercase ASCII slug: every run of non-alphanumerics becomes one dash.
sub slugify {
    my ($text) = @_;
    my $s = lc $text;
    $s =~ s/[^a-z0-9]/-/g;
    $s =~ s/^-+|-+$//g;
    return $s;
}

# Cut a slug to at most $max characters without leaving half a word.
sub truncate_slug {
    my ($slug, $max) = @_;
    return $slug if length($slug) <= $max;
    my $cut = substr($slug, 0, $max);
    $cut =~ s/-[^-]*$//;
    return $cut;
}

1;
